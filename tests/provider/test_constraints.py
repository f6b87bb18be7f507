"""Provider mode and version follow the configuration's hashicorp/aws constraints."""

from __future__ import annotations

import pytest

from sespolicy.errors import InputError
from sespolicy.provider.constraints import (
    ProviderChoice,
    accepted_version,
    choose_provider,
    satisfies,
)


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
        (["~> 4.60.0"], ProviderChoice("v4", "4.60.0")),
        (["< 5.0"], ProviderChoice("v4", "4.67.0")),
        ([">= 4.0"], ProviderChoice("v6", "6.47.0")),
        # A 3.x pin plans with the real 3.76.1 schema, not a 4.x twin presenting 3.x.
        (["~> 3.0"], ProviderChoice("v3", "3.76.1")),
        ([">= 3.0, < 4.0"], ProviderChoice("v3", "3.76.1")),
        ([">= 3.0, < 5.0"], ProviderChoice("v4", "4.67.0")),
        (["= 3.50.0"], ProviderChoice("v3", "3.50.0")),
    ],
)
def test_choice(constraints: list[str], expected: ProviderChoice) -> None:
    assert choose_provider(constraints) == expected


def test_a_major_without_a_twin_is_refused_naming_constraint_and_served_majors() -> None:
    with pytest.raises(
        InputError,
        match=r"\(~> 2\.0\) allow no version .* serves \(6\.x, 5\.x, 4\.x, 3\.x\); plan with real",
    ):
        choose_provider(["~> 2.0"])


@pytest.mark.parametrize(
    ("version", "constraint", "expected"),
    [
        ((1, 11, 4), ">= 1.5", True),
        ((1, 11, 4), "~> 1.5.0", False),
        ((1, 11, 4), ">= 1.3.0-beta1, < 2.0", True),
        ((1, 11, 4), ">= 1.12", False),
    ],
)
def test_terraform_version_constraints(version, constraint, expected) -> None:
    assert satisfies(version, constraint, "Terraform") is expected


def test_unreadable_constraint_is_refused() -> None:
    with pytest.raises(InputError, match="cannot read the hashicorp/aws version constraint"):
        choose_provider(["about five"])


def test_locked_version_is_used_when_the_constraints_allow_it() -> None:
    assert choose_provider([], locked="5.82.2") == ProviderChoice("v5", "5.82.2")
    assert choose_provider(["~> 6.0"], locked="6.3.0") == ProviderChoice("v6", "6.3.0")
    assert choose_provider(["~> 3.0"], locked="3.74.0") == ProviderChoice("v3", "3.74.0")


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
    assert accepted_version(constraints, "3.3.1") == expected
