"""Suite-wide test rules.

Slow tests carry the `slow` marker, so `python -m pytest -m "not slow"` is a fast loop (README,
Development): tests marked in their own module (wheel builds, every configuration planned), and
here every test that asks for Terraform or a browser through the `terraform_binary` (defined
here, for every test that runs real Terraform) or `chromium` fixture, wherever it lives.
"""

from __future__ import annotations

import os
import shutil

import pytest

_SLOW_FIXTURES = frozenset({"terraform_binary", "chromium"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def terraform_binary() -> str:
    """Terraform (or OpenTofu, which `sespolicy plan` falls back to). Without one a test is
    skipped on a developer machine and fails in CI, so CI cannot silently stop checking
    against real Terraform."""
    found = shutil.which("terraform") or shutil.which("tofu")
    if found is None:
        message = "terraform (or tofu) is not on PATH"
        if running_in_ci():
            pytest.fail(f"{message}; CI must run the tests that need real Terraform")
        pytest.skip(message)
    return found
