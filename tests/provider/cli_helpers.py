"""Running the `sespolicy` command line in tests and checking its one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sespolicy.cli import main


def one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run the command; it must exit 2 with exactly one line on stderr, which is returned."""
    code = main(argv)
    stderr = capsys.readouterr().err.strip()
    assert code == 2, stderr
    assert len(stderr.splitlines()) == 1, stderr
    return stderr


def plan_error(config_dir: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    return one_line_error(capsys, ["plan", str(config_dir), *extra])
