"""Provider mode and version follow the configuration's hashicorp/aws constraints."""

from __future__ import annotations

import pytest

from sespolicy.errors import InputError
from sespolicy.provider import constraints as constraints_module
from sespolicy.provider.constraints import ProviderChoice, choose_provider, satisfies


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
    ],
)
def test_choice(constraints: list[str], expected: ProviderChoice) -> None:
    assert choose_provider(constraints) == expected


def test_a_major_without_a_twin_is_refused_naming_constraint_and_served_majors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(constraints_module, "DEFAULT_VERSIONS", {"v6": "6.47.0", "v5": "5.100.0"})
    with pytest.raises(InputError, match=r"\(~> 4\.0\) allow no version .* serves \(6\.x, 5\.x\)"):
        choose_provider(["~> 4.0"])
    with pytest.raises(InputError, match=r"\(~> 3\.0\)"):
        choose_provider(["~> 3.0"])


@pytest.fixture
def with_v4_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The twin helper's v4 mode, as DEFAULT_VERSIONS will list it."""
    versions = {"v6": "6.47.0", "v5": "5.100.0", "v4": "4.67.0"}
    monkeypatch.setattr(constraints_module, "DEFAULT_VERSIONS", versions)


@pytest.mark.parametrize(
    ("constraints", "expected"),
    [
        (["~> 4.0"], ProviderChoice("v4", "4.67.0")),
        ([">= 3.0, < 5.0"], ProviderChoice("v4", "4.67.0")),
        (["~> 4.60.0"], ProviderChoice("v4", "4.60.0")),
        ([">= 4.0"], ProviderChoice("v6", "6.47.0")),
    ],
)
def test_provider_4_pins_choose_the_v4_twin(
    with_v4_twin: None, constraints: list[str], expected: ProviderChoice
) -> None:
    assert choose_provider(constraints) == expected


def test_provider_3_pins_plan_with_the_v4_twin_presenting_a_3x_version(with_v4_twin: None) -> None:
    choice = choose_provider(["~> 3.0"])
    assert (choice.mode, choice.version) == ("v4", "3.76.1")
    assert choice.note is not None and "4.x schema" in choice.note
    assert choose_provider(["= 3.50.0"]).version == "3.50.0"


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
    with pytest.raises(InputError, match="cannot read"):
        choose_provider(["about five"])


def test_locked_version_is_used_when_the_constraints_allow_it() -> None:
    assert choose_provider([], locked="5.82.2") == ProviderChoice("v5", "5.82.2")
    assert choose_provider(["~> 6.0"], locked="6.3.0") == ProviderChoice("v6", "6.3.0")


def test_locked_version_the_constraints_exclude_is_ignored() -> None:
    # Terraform would refuse such a lock file and pick anew; we plan as after `init -upgrade`.
    assert choose_provider(["~> 6.0"], locked="5.82.2") == ProviderChoice("v6", "6.47.0")
