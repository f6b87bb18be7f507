"""What evaluating the full rule catalog costs, at the two sizes the targets name.

Usage: python3 benchmarks/bench_eval.py [--sizes 2000,50000] [--runs 3]

Sizes below --in-process-from (default 10000) are timed as a user sees them: wall clock of
`sespolicy eval plan.json --format json` as a new process, Python start and imports included.
Larger sizes are timed in-process (load + graph + evaluate the whole catalog) next to json.loads
of the same bytes, because there the work grows with the plan and start-up no longer matters.
"json nogc" is json.loads with the garbage collector paused, as sespolicy's loader parses:
plain json.loads of a big document spends much of its time in GC passes, so "x nogc" is the
stricter comparison. Each figure is the best of --runs (fewer runs at 50k).
Plans come from benchmarks/synthetic.py.
Targets: 2k resources <= 0.5 s wall (process start included); 50k <= 2.5x json.loads.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_plan, parse_sizes

from sespolicy.findings import Status
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

WALL_TARGET_SIZE = 2_000
WALL_TARGET_SECONDS = 0.5
RATIO_TARGET_SIZE = 50_000
RATIO_TARGET = 2.5
LARGE_SIZE = 50_000
DEFAULT_SIZES = (2_000, 50_000)
# sespolicy eval exits 0 (nothing failed) or 1 (findings failed); 2 means it could not run.
_EVAL_RAN = (0, 1)


@dataclass(frozen=True)
class EvalFigures:
    resources: int
    mode: str  # "process" or "in-process"
    eval_seconds: float
    json_seconds: float | None  # only for in-process runs
    json_nogc_seconds: float | None
    findings: int  # findings other than passes, as `--format json` lists them

    @property
    def ratio(self) -> float | None:
        return None if self.json_seconds is None else self.eval_seconds / self.json_seconds

    @property
    def nogc_ratio(self) -> float | None:
        if self.json_nogc_seconds is None:
            return None
        return self.eval_seconds / self.json_nogc_seconds


def best_time(action: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def sespolicy_command() -> list[str]:
    """The installed entry point next to this interpreter (no shell shims), else the module."""
    beside = Path(sys.executable).parent / "sespolicy"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("sespolicy")
    return [found] if found else [sys.executable, "-m", "sespolicy"]


def run_process(plan_path: Path) -> int:
    """One `sespolicy eval` run; the number of findings it reported."""
    completed = subprocess.run(
        [*sespolicy_command(), "eval", str(plan_path), "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode not in _EVAL_RAN:
        problem = completed.stderr.strip()
        raise SystemExit(f"sespolicy eval exited {completed.returncode}: {problem}")
    report = json.loads(completed.stdout)
    return len(report.get("findings", [])) if isinstance(report, dict) else -1


def measure_process(resources: int, runs: int) -> EvalFigures:
    with tempfile.TemporaryDirectory() as directory:
        plan_path = Path(directory) / "plan.json"
        plan_path.write_text(json.dumps(make_plan(resources)))
        seconds, findings = best_time(lambda: run_process(plan_path), runs)
    return EvalFigures(resources, "process", seconds, None, None, int(findings))


def measure_in_process(resources: int, runs: int) -> EvalFigures:
    raw = json.dumps(make_plan(resources)).encode()
    rules = load_catalog()
    availability = load_availability()

    def evaluate() -> int:
        graphs = graph_documents([load_document_bytes(raw, "synthetic.json")])
        report = evaluate_graphs(graphs, rules, availability)
        # Count what `--format json` lists (it leaves passes out), so both modes compare.
        return sum(1 for finding in report.findings if finding.status is not Status.PASS)

    def json_loads_gc_paused() -> object:
        gc.disable()
        try:
            return json.loads(raw)
        finally:
            gc.enable()

    json_seconds, _ = best_time(lambda: json.loads(raw), runs)
    nogc_seconds, _ = best_time(json_loads_gc_paused, runs)
    seconds, findings = best_time(evaluate, runs)
    return EvalFigures(resources, "in-process", seconds, json_seconds, nogc_seconds, int(findings))


def format_table(rows: list[EvalFigures]) -> str:
    header = (
        f"{'resources':>9} {'mode':>10} {'eval s':>8} {'json.loads s':>12} {'ratio x':>8} "
        f"{'x nogc':>6} "
        f"{'findings (non-pass)':>19}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        json_text = "-" if row.json_seconds is None else f"{row.json_seconds:.3f}"
        ratio_text = "-" if row.ratio is None else f"{row.ratio:.2f}"
        nogc_text = "-" if row.nogc_ratio is None else f"{row.nogc_ratio:.2f}"
        lines.append(
            f"{row.resources:>9} {row.mode:>10} {row.eval_seconds:>8.3f} {json_text:>12} "
            f"{ratio_text:>8} {nogc_text:>6} {row.findings:>19}"
        )
    return "\n".join(lines)


def verdicts(rows: list[EvalFigures]) -> list[str]:
    lines = []
    wall = next((r for r in rows if r.resources == WALL_TARGET_SIZE and r.mode == "process"), None)
    if wall is None:
        lines.append(f"target <= {WALL_TARGET_SECONDS} s wall at {WALL_TARGET_SIZE}: not measured")
    else:
        met = "MET" if wall.eval_seconds <= WALL_TARGET_SECONDS else "MISSED"
        lines.append(
            f"target <= {WALL_TARGET_SECONDS} s wall at {WALL_TARGET_SIZE} (process start "
            f"included): {wall.eval_seconds:.3f} s {met}"
        )
    ratio = next((r for r in rows if r.resources == RATIO_TARGET_SIZE and r.ratio), None)
    if ratio is None or ratio.ratio is None:
        lines.append(f"target <= {RATIO_TARGET}x json.loads at {RATIO_TARGET_SIZE}: not measured")
    else:
        met = "MET" if ratio.ratio <= RATIO_TARGET else "MISSED"
        lines.append(
            f"target <= {RATIO_TARGET}x json.loads at {RATIO_TARGET_SIZE}: "
            f"{ratio.ratio:.2f}x {met} "
            f"({ratio.nogc_ratio:.2f}x json.loads with GC paused)"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated resource counts (default 2000,50000)")
    parser.add_argument("--runs", type=int, default=3, help="best of N timed runs (default 3)")
    parser.add_argument("--in-process-from", type=int, default=10_000, metavar="N",
                        help="time sizes >= N in-process against json.loads (default 10000)")
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        runs = max(1, args.runs)
        if size >= LARGE_SIZE:
            runs = min(runs, 2)
        if size >= args.in_process_from:
            rows.append(measure_in_process(size, runs))
        else:
            rows.append(measure_process(size, runs))
    print(format_table(rows))
    for line in verdicts(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
