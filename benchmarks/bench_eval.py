"""What evaluating the full rule catalog costs, and whether it grows linearly.

Usage: python3 benchmarks/bench_eval.py [--process 2000] [--in-process 2000,20000,50000]
                                        [--tiny PLAN] [--runs 3]

Two kinds of figures, from one run:

* process: wall clock of `sespolicy eval PLAN --format json` as a new process, Python start and
  imports included, as a user or a CI job sees it: the bundled example plan (`--tiny`) and
  synthetic plans of the `--process` sizes;
* in-process: for each `--in-process` size, building the graph (load + graph + Regions) and the
  whole eval (the same, then every rule of the catalog), next to json.loads of the same bytes.
  "us/res" is eval time per resource: equal figures across sizes mean linear growth.

Each figure is the best of --runs (at most 2 runs at 50k and above). Synthetic plans come from
benchmarks/synthetic.py and exercise every rule of the catalog (each rule selects something).
Targets: tiny plan <= 0.2 s and 2k <= 0.35 s wall; eval cost per resource at 50k within 20 % of
2k; eval at 20k <= 1.6x graph building; eval at 50k <= 2.5x json.loads.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_plan, parse_sizes
from user_process import sespolicy_command, user_environment

from sespolicy.findings import Status
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PLAN = REPO / "examples" / "cross-region-receiving.plan.json"
TINY_TARGET_SECONDS = 0.2
WALL_TARGET_SIZE = 2_000
WALL_TARGET_SECONDS = 0.35
GROWTH_SIZES = (2_000, 50_000)
GROWTH_TARGET = 1.20  # cost per resource at the larger size / at the smaller
GRAPH_RATIO_SIZE = 20_000
GRAPH_RATIO_TARGET = 1.6
JSON_RATIO_SIZE = 50_000
JSON_RATIO_TARGET = 2.5
LARGE_SIZE = 50_000
# sespolicy eval exits 0 (nothing failed) or 1 (findings failed); 2 means it could not run.
_EVAL_RAN = (0, 1)


@dataclass(frozen=True)
class ProcessFigures:
    label: str
    resources: int
    seconds: float
    findings: int  # findings other than passes, as `--format json` lists them


@dataclass(frozen=True)
class InProcessFigures:
    resources: int
    graph_seconds: float  # load + graph + Regions
    eval_seconds: float  # the same, then every rule
    json_seconds: float
    json_nogc_seconds: float  # json.loads with the collector paused, as sespolicy's loader parses
    findings: int

    @property
    def per_resource_us(self) -> float:
        return self.eval_seconds / self.resources * 1e6

    @property
    def graph_ratio(self) -> float:
        return self.eval_seconds / self.graph_seconds

    @property
    def json_ratio(self) -> float:
        return self.eval_seconds / self.json_seconds


def best_time(action: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def run_process(plan_path: Path) -> int:
    """One `sespolicy eval` run; the number of findings it reported."""
    completed = subprocess.run(
        [*sespolicy_command(), "eval", str(plan_path), "--format", "json"],
        capture_output=True, text=True, check=False, env=user_environment(),
    )
    if completed.returncode not in _EVAL_RAN:
        problem = completed.stderr.strip()
        raise SystemExit(f"sespolicy eval exited {completed.returncode}: {problem}")
    report = json.loads(completed.stdout)
    return len(report.get("findings", [])) if isinstance(report, dict) else -1


def measure_process(label: str, plan_path: Path, runs: int) -> ProcessFigures:
    resources = len(json.loads(plan_path.read_bytes()).get("resource_changes", []))
    run_process(plan_path)  # untimed: writes the bytecode cache, as a first run after install
    seconds, findings = best_time(lambda: run_process(plan_path), runs)
    return ProcessFigures(label, resources, seconds, int(findings))


def measure_synthetic_process(resources: int, runs: int) -> ProcessFigures:
    with tempfile.TemporaryDirectory() as directory:
        plan_path = Path(directory) / "plan.json"
        plan_path.write_text(json.dumps(make_plan(resources)))
        return measure_process("synthetic", plan_path, runs)


def measure_in_process(resources: int, runs: int) -> InProcessFigures:
    raw = json.dumps(make_plan(resources)).encode()
    rules = load_catalog()
    availability = load_availability()

    def build_graph() -> object:
        return graph_documents([load_document_bytes(raw, "synthetic.json")])

    def evaluate() -> int:
        report = evaluate_graphs(build_graph(), rules, availability)
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
    graph_seconds, _ = best_time(build_graph, runs)
    seconds, findings = best_time(evaluate, runs)
    return InProcessFigures(
        resources, graph_seconds, seconds, json_seconds, nogc_seconds, int(findings)
    )


def format_process(rows: list[ProcessFigures]) -> str:
    header = f"{'resources':>9} {'plan':>10} {'wall s':>8} {'findings (non-pass)':>19}"
    lines = ["process (sespolicy eval PLAN --format json, start-up included)", header]
    lines.append("-" * len(header))
    for row in rows:
        lines.append(
            f"{row.resources:>9} {row.label:>10} {row.seconds:>8.3f} {row.findings:>19}"
        )
    return "\n".join(lines)


def format_in_process(rows: list[InProcessFigures]) -> str:
    header = (
        f"{'resources':>9} {'graph s':>8} {'eval s':>8} {'us/res':>7} {'x graph':>7} "
        f"{'json.loads s':>12} {'x json':>6} {'x nogc':>6} {'findings (non-pass)':>19}"
    )
    lines = ["in-process (load + graph + Regions, then every rule)", header]
    lines.append("-" * len(header))
    for row in rows:
        lines.append(
            f"{row.resources:>9} {row.graph_seconds:>8.3f} {row.eval_seconds:>8.3f} "
            f"{row.per_resource_us:>7.1f} {row.graph_ratio:>7.2f} {row.json_seconds:>12.3f} "
            f"{row.json_ratio:>6.2f} {row.eval_seconds / row.json_nogc_seconds:>6.2f} "
            f"{row.findings:>19}"
        )
    return "\n".join(lines)


def _met(met: bool) -> str:
    return "MET" if met else "MISSED"


def verdicts(process: list[ProcessFigures], in_process: list[InProcessFigures]) -> list[str]:
    lines = []
    tiny = next((r for r in process if r.label == "example"), None)
    if tiny is None:
        lines.append(f"target tiny plan <= {TINY_TARGET_SECONDS} s wall: not measured")
    else:
        lines.append(
            f"target tiny plan ({tiny.resources} resources) <= {TINY_TARGET_SECONDS} s wall: "
            f"{tiny.seconds:.3f} s {_met(tiny.seconds <= TINY_TARGET_SECONDS)}"
        )
    wall = next(
        (r for r in process if r.label == "synthetic" and r.resources == WALL_TARGET_SIZE), None
    )
    if wall is None:
        lines.append(f"target {WALL_TARGET_SIZE} <= {WALL_TARGET_SECONDS} s wall: not measured")
    else:
        lines.append(
            f"target {WALL_TARGET_SIZE} resources <= {WALL_TARGET_SECONDS} s wall (start-up "
            f"included): {wall.seconds:.3f} s {_met(wall.seconds <= WALL_TARGET_SECONDS)}"
        )
    by_size = {row.resources: row for row in in_process}
    small, large = (by_size.get(size) for size in GROWTH_SIZES)
    if small is None or large is None:
        lines.append(f"target cost per resource {GROWTH_SIZES}: not measured")
    else:
        growth = large.per_resource_us / small.per_resource_us
        lines.append(
            f"target cost per resource at {large.resources} within "
            f"{GROWTH_TARGET - 1:.0%} of {small.resources}: {small.per_resource_us:.1f} -> "
            f"{large.per_resource_us:.1f} us ({growth - 1:+.0%}) {_met(growth <= GROWTH_TARGET)}"
        )
    middle = by_size.get(GRAPH_RATIO_SIZE)
    if middle is None:
        lines.append(f"target eval <= {GRAPH_RATIO_TARGET}x graph building: not measured")
    else:
        lines.append(
            f"target eval <= {GRAPH_RATIO_TARGET}x graph building at {GRAPH_RATIO_SIZE}: "
            f"{middle.graph_ratio:.2f}x {_met(middle.graph_ratio <= GRAPH_RATIO_TARGET)}"
        )
    biggest = by_size.get(JSON_RATIO_SIZE)
    if biggest is None:
        lines.append(f"target eval <= {JSON_RATIO_TARGET}x json.loads: not measured")
    else:
        lines.append(
            f"target eval <= {JSON_RATIO_TARGET}x json.loads at {JSON_RATIO_SIZE}: "
            f"{biggest.json_ratio:.2f}x {_met(biggest.json_ratio <= JSON_RATIO_TARGET)}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--process", type=parse_sizes, default=[WALL_TARGET_SIZE],
                        metavar="SIZES", help="synthetic sizes timed as a new process")
    parser.add_argument("--in-process", type=parse_sizes, default=[2_000, 20_000, 50_000],
                        metavar="SIZES", help="sizes timed in-process (graph and eval)")
    parser.add_argument("--tiny", type=Path, default=EXAMPLE_PLAN, metavar="PLAN",
                        help="the tiny plan timed as a new process (default: the example)")
    parser.add_argument("--runs", type=int, default=3, help="best of N timed runs (default 3)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    process = [measure_process("example", args.tiny, runs)]
    process += [measure_synthetic_process(size, runs) for size in args.process]
    in_process = [
        measure_in_process(size, min(runs, 2) if size >= LARGE_SIZE else runs)
        for size in args.in_process
    ]
    print(format_process(process))
    print()
    print(format_in_process(in_process))
    print()
    for line in verdicts(process, in_process):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
