"""Suite-wide test rules.

Slow tests carry the `slow` marker, so `python -m pytest -m "not slow"` is a fast loop (README,
Development): tests marked in their own module (real Terraform end to end, wheel builds), and
here every test that asks for Terraform or a browser through the `terraform_binary` or
`chromium` fixture, wherever it lives.
"""

from __future__ import annotations

import pytest

_SLOW_FIXTURES = frozenset({"terraform_binary", "chromium"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
