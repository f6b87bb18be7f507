"""Provider mode and version follow the configuration's hashicorp/aws constraints."""

from __future__ import annotations

import pytest

from sespolicy.errors import InputError
from sespolicy.provider.constraints import ProviderChoice, choose_provider


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        ([], ProviderChoice("v6", "6.47.0")),
        (["~> 6.0"], ProviderChoice("v6", "6.47.0")),
        ([">= 5.0"], ProviderChoice("v6", "6.47.0")),
        (["~> 5.0"], ProviderChoice("v5", "5.100.0")),
        ([">= 5.0, < 6.0"], ProviderChoice("v5", "5.100.0")),
        (["~> 5.30.0"], ProviderChoice("v5", "5.30.0")),
        (["= 6.2.0"], ProviderChoice("v6", "6.2.0")),
        (["6.10.1"], ProviderChoice("v6", "6.10.1")),
        (["~> 5.0", ">= 5.50"], ProviderChoice("v5", "5.100.0")),
        (["~> 4.0"], ProviderChoice("v4", "4.67.0")),
        (["~> 4.20.0"], ProviderChoice("v4", "4.20.0")),
        (["< 5.0"], ProviderChoice("v4", "4.67.0")),
        (["~> 3.0"], ProviderChoice("v3", "3.76.1")),
        ([">= 3.0, < 4.0"], ProviderChoice("v3", "3.76.1")),
    ],
)
def test_choice(constraints: list[str], expected: ProviderChoice) -> None:
    assert choose_provider(constraints) == expected


def test_provider_2_is_refused_with_the_constraint_named() -> None:
    with pytest.raises(InputError, match=r"~> 2\.0.*majors 6, 5, 4, 3"):
        choose_provider(["~> 2.0"])


def test_unreadable_constraint_is_refused() -> None:
    with pytest.raises(InputError, match="cannot read"):
        choose_provider(["about five"])


def test_locked_version_is_used_when_the_constraints_allow_it() -> None:
    assert choose_provider([], locked="5.82.2") == ProviderChoice("v5", "5.82.2")
    assert choose_provider(["~> 6.0"], locked="6.3.0") == ProviderChoice("v6", "6.3.0")


def test_locked_version_the_constraints_exclude_is_ignored() -> None:
    # Terraform would refuse such a lock file and pick anew; we plan as after `init -upgrade`.
    assert choose_provider(["~> 6.0"], locked="5.82.2") == ProviderChoice("v6", "6.47.0")


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        ([], "3.3.1"),
        (["~> 3.0"], "3.3.1"),
        (["~> 2.1"], "2.1.0"),
        (["~> 2.1.2", ">= 2.1.2"], "2.1.2"),
        (["< 3.0"], None),
    ],
)
def test_a_twin_presents_a_version_the_constraints_accept(
    constraints: list[str], expected: str | None
) -> None:
    from sespolicy.provider.constraints import accepted_version

    assert accepted_version(constraints, "3.3.1") == expected
