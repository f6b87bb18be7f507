"""A short seeded run of the fuzzing harness (benchmarks/fuzz_inputs.py runs 10,000 inputs).

Seeds are the repository's own plans, so the run is the same from a fresh clone; every input
must keep the contract (exit 0/1/2, one stderr line on 2, no traceback, no hang).
"""

from __future__ import annotations

import random
from pathlib import Path

import fuzz_inputs
from fuzz_mutations import Mutator, load_seeds

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SEED_FOLDERS = [FIXTURES / "plans", FIXTURES / "load"]
INPUTS = 300
TIME_LIMIT_SECONDS = 10.0


def test_a_seeded_fuzz_run_finds_no_crash_class(tmp_path: Path) -> None:
    seeds = load_seeds(SEED_FOLDERS)
    summary = fuzz_inputs.fuzz(seeds, INPUTS, seed=20260101, time_limit=TIME_LIMIT_SECONDS,
                               scratch=tmp_path, memory_mb=2048)
    assert summary.inputs == INPUTS
    assert summary.classes == {}, fuzz_inputs.report(summary)
    # The mix reaches the graph and the reporters, not only the loader's refusals.
    assert summary.exit_codes[0] + summary.exit_codes[1] > INPUTS // 4, summary.exit_codes


def test_the_same_seed_gives_the_same_inputs() -> None:
    seeds = load_seeds(SEED_FOLDERS)
    first, again = (Mutator(seeds, random.Random(7)) for _ in range(2))
    inputs = [first.next_input() for _ in range(20)]
    assert inputs == [again.next_input() for _ in range(20)]
    assert len({item.data for item in inputs}) > 15
