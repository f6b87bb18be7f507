"""The CLI run in-process from an empty folder, with no Region in the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_helpers import Run

from sespolicy.cli import main


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION", "NO_COLOR", "SESPOLICY_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path


@pytest.fixture
def run(workdir: Path, capsys: pytest.CaptureFixture[str]):
    def run_cli(*argv: str) -> Run:
        try:
            code = main([str(arg) for arg in argv])
        except SystemExit as stopped:  # argparse ends --help and usage errors this way
            code = stopped.code if isinstance(stopped.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run_cli
