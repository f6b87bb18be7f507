"""Small input files for the loader tests live in tests/fixtures/load/, named for what they show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "load"


@pytest.fixture
def fixture_path() -> Callable[[str], str]:
    def path_of(name: str) -> str:
        path = FIXTURES / name
        assert path.is_file(), f"missing fixture {path}"
        return str(path)

    return path_of
