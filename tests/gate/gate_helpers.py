"""Plain helpers for the gate tests (fixtures are in conftest).

A uniquely named module rather than imports from conftest: the test folders have no
__init__.py, so pytest puts this folder on sys.path and the name must not clash.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
HCL = Path(__file__).resolve().parents[1] / "fixtures" / "hcl"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


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
