"""What loading a plan costs, next to what Python's own JSON parser costs for the same bytes.

Usage: python3 benchmarks/bench_load.py [--sizes 1000,10000,50000] [--runs 3]

For each size a synthetic plan (benchmarks/synthetic.py) is serialised to bytes once. Then:
  json.loads      time and tracemalloc peak of parsing the bytes alone (the floor);
  load+graph      time and peak of `load_document_bytes` + `graph_documents` (schema check,
                  model, reference graph, a Region on every node).
  json nogc       json.loads with the garbage collector paused, as sespolicy's loader parses
                  (plain json.loads of a big document spends much of its time in GC passes,
                  so it is a generous floor; the "x nogc" ratio is the stricter comparison).
Times are the best of --runs (fewer runs at 50k and above, where one run says enough); peaks
come from one separate run under tracemalloc, because tracing slows the code it measures.
"us/res" is load+graph time per resource: roughly equal figures across sizes mean linear growth.
Targets at 50k resources: load+graph <= 2x json.loads time, peak <= 3x the parsed-JSON peak.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_plan, parse_sizes

from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents

TARGET_SIZE = 50_000
TARGET_TIME_RATIO = 2.0
TARGET_MEMORY_RATIO = 3.0
LARGE_SIZE = 50_000  # at and above this, fewer runs
DEFAULT_SIZES = (1_000, 10_000, 50_000)


@dataclass(frozen=True)
class LoadFigures:
    resources: int
    megabytes: float
    json_seconds: float
    json_nogc_seconds: float
    json_peak_mb: float
    load_seconds: float
    load_peak_mb: float

    @property
    def time_ratio(self) -> float:
        return self.load_seconds / self.json_seconds

    @property
    def nogc_ratio(self) -> float:
        return self.load_seconds / self.json_nogc_seconds

    @property
    def memory_ratio(self) -> float:
        return self.load_peak_mb / self.json_peak_mb

    @property
    def micros_per_resource(self) -> float:
        return self.load_seconds / self.resources * 1e6


def best_time(action: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
        del result
    return best


def peak_megabytes(action: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak / 1e6


def json_loads_gc_paused(raw: bytes) -> object:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(raw)
    finally:
        if was_enabled:
            gc.enable()


def load_and_graph(raw: bytes) -> object:
    return graph_documents([load_document_bytes(raw, "synthetic.json")])


def measure(resources: int, runs: int) -> LoadFigures:
    raw = json.dumps(make_plan(resources)).encode()
    runs = min(runs, 2) if resources >= LARGE_SIZE else runs
    return LoadFigures(
        resources=resources,
        megabytes=len(raw) / 1e6,
        json_seconds=best_time(lambda: json.loads(raw), runs),
        json_nogc_seconds=best_time(lambda: json_loads_gc_paused(raw), runs),
        json_peak_mb=peak_megabytes(lambda: json.loads(raw)),
        load_seconds=best_time(lambda: load_and_graph(raw), runs),
        load_peak_mb=peak_megabytes(lambda: load_and_graph(raw)),
    )


def format_table(rows: list[LoadFigures]) -> str:
    header = (
        f"{'resources':>9} {'MB':>7} {'json.loads s':>12} {'json nogc s':>11} "
        f"{'load+graph s':>12} {'time x':>7} {'x nogc':>6} "
        f"{'json peak MB':>12} {'load peak MB':>12} {'mem x':>6} {'us/res':>7}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.resources:>9} {row.megabytes:>7.1f} {row.json_seconds:>12.3f} "
            f"{row.json_nogc_seconds:>11.3f} {row.load_seconds:>12.3f} {row.time_ratio:>7.2f} "
            f"{row.nogc_ratio:>6.2f} {row.json_peak_mb:>12.1f} "
            f"{row.load_peak_mb:>12.1f} {row.memory_ratio:>6.2f} {row.micros_per_resource:>7.1f}"
        )
    return "\n".join(lines)


def verdicts(rows: list[LoadFigures]) -> list[str]:
    lines = []
    if len(rows) > 1:
        # Only a rising cost per resource is a problem; a falling one is fixed cost amortised.
        by_size = [row.micros_per_resource for row in sorted(rows, key=lambda r: r.resources)]
        growth = by_size[-1] / by_size[0]
        shape = "linear or better" if growth <= 1.5 else "WORSE than linear"
        lines.append(
            f"growth: {shape} (time per resource at the largest size is {growth:.2f}x "
            f"that at the smallest)"
        )
    target = next((row for row in rows if row.resources == TARGET_SIZE), None)
    if target is None:
        lines.append(f"targets apply at {TARGET_SIZE} resources: not measured in this run")
        return lines
    time_ok = target.time_ratio <= TARGET_TIME_RATIO
    memory_ok = target.memory_ratio <= TARGET_MEMORY_RATIO
    lines.append(
        f"target time <= {TARGET_TIME_RATIO:.1f}x json.loads at {TARGET_SIZE}: "
        f"{target.time_ratio:.2f}x {'MET' if time_ok else 'MISSED'} "
        f"({target.nogc_ratio:.2f}x json.loads with GC paused)"
    )
    lines.append(
        f"target peak <= {TARGET_MEMORY_RATIO:.1f}x parsed JSON at {TARGET_SIZE}: "
        f"{target.memory_ratio:.2f}x {'MET' if memory_ok else 'MISSED'}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated resource counts (default 1000,10000,50000)")
    parser.add_argument("--runs", type=int, default=3, help="best of N timed runs (default 3)")
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        rows.append(measure(size, max(1, args.runs)))
    print(format_table(rows))
    for line in verdicts(rows):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
