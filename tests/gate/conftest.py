"""The CLI run in-process from an empty folder, with no Region in the environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sespolicy.cli import main

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
HCL = Path(__file__).resolve().parents[1] / "fixtures" / "hcl"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


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


def plan(name: str) -> str:
    path = PLANS / f"{name}.json"
    assert path.is_file(), path
    return str(path)


def one_error_line(result: Run) -> str:
    """The single `sespolicy: error: …` line a refused run must print, and nothing else."""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("sespolicy: error: "), lines[0]
    assert "Traceback" not in result.err
    return lines[0]
