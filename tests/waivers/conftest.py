"""Fixtures for the waiver, enforcement and baseline tests: a clean directory, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiver_helpers import TODAY, CliRun

from sespolicy.cli import main
from sespolicy.gate import decision as gate


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current directory (no stray .sespolicy.toml) and a fixed today."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gate, "current_date", lambda: TODAY)
    return tmp_path


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], workdir: Path):
    def run(*argv: str) -> CliRun:
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run
