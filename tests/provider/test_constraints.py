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
    ],
)
def test_choice(constraints: list[str], expected: ProviderChoice) -> None:
    assert choose_provider(constraints) == expected


def test_provider_4_is_refused_with_the_constraint_named() -> None:
    with pytest.raises(InputError, match="~> 4"):
        choose_provider(["~> 4.0"])


def test_unreadable_constraint_is_refused() -> None:
    with pytest.raises(InputError, match="cannot read"):
        choose_provider(["about five"])
