"""benchmarks/bench_provider.py runs end to end and prints every figure with its target."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_provider


def test_prints_package_growth_start_and_generate_figures(capsys: pytest.CaptureFixture) -> None:
    assert bench_provider.main(["--runs", "1"]) == 0
    output = capsys.readouterr().out
    assert "package growth:" in output and "target <= 5.0 MB" in output
    rows = {line[:23].strip(): line[23:].split() for line in output.splitlines()}
    for name in ("provider start (aws)", "provider start (random)", "provider generate"):
        minimum, median, unit, *target = rows[name]
        assert 0 < float(minimum) <= float(median), rows[name]
        assert unit == "s" and target[0] == "<=", rows[name]
