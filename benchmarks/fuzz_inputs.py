"""Fuzz the sespolicy command line with mutated plans and states; count the crash classes.

Usage: python3 benchmarks/fuzz_inputs.py [--inputs 10000] [--seed 1] [--corpus DIR]...
                                         [--time-limit 10] [--memory-mb 4096]

Every input is a real plan or state (tests/fixtures/plans, and the shared corpus when
--corpus or $SESPOLICY_CORPUS names it) with seeded structural mutations (fuzz_mutations.py),
run in-process (fuzz_runner.py) through one command chosen with the same seed: `eval` in each
report format (sometimes with --output files, --strict, --show-passed), `graph` in text, dot and
json, or `baseline`. The contract: exit 0, 1 or 2; on 2 exactly one line on stderr; no
traceback; done within --time-limit seconds; no more memory than --memory-mb (address space,
POSIX). A broken contract is a crash, classified by (what happened, innermost sespolicy frame).

Prints `N inputs, K crash classes`, then each class with its count and one reproducing input
(seed file and mutations); with --save-crashes DIR the first input of each class is written
there. Exit status 0 when there is no crash class, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_mutations import FuzzInput, Mutator, load_seeds
from fuzz_runner import Crash, run_cli, run_cli_isolated

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED_FOLDERS = (REPO_ROOT / "tests" / "fixtures" / "plans",)
EVAL_FORMATS = ("text", "json", "sarif", "junit", "github", "cucumber", "html")
GRAPH_FORMATS = ("text", "dot", "json")


@dataclass
class CrashClass:
    crash: Crash
    example: FuzzInput
    argv: tuple[str, ...]
    count: int = 0


@dataclass
class FuzzSummary:
    inputs: int = 0
    seconds: float = 0.0
    exit_codes: Counter = field(default_factory=Counter)
    classes: dict[tuple[str, str], CrashClass] = field(default_factory=dict)
    slowest: tuple[float, str] = (0.0, "")


def command_for(rng: random.Random, scratch: Path) -> list[str]:
    """A command line for one input (read from stdin), drawn from the run's generator."""
    roll = rng.random()
    if roll < 0.6:
        argv = ["eval", "--format", rng.choice(EVAL_FORMATS)]
        if rng.random() < 0.3:
            argv += ["--output", f"{rng.choice(EVAL_FORMATS)}={scratch / 'report.out'}"]
        if rng.random() < 0.3:
            argv.append("--strict")
        if rng.random() < 0.3:
            argv.append("--show-passed")
        return argv
    if roll < 0.9:
        argv = ["graph", "--format", rng.choice(GRAPH_FORMATS)]
        return argv + (["--all"] if rng.random() < 0.5 else [])
    return ["baseline", "--out", str(scratch / "baseline.json")]


def fuzz(
    seeds: list[tuple[str, bytes]],
    inputs: int,
    seed: int,
    time_limit: float,
    scratch: Path,
    progress: bool = False,
    memory_mb: int | None = None,
) -> FuzzSummary:
    """Run `inputs` mutated inputs; the same arguments always give the same inputs."""
    rng = random.Random(seed)
    mutator = Mutator(seeds, rng)
    _warm_up(seeds[0][1], scratch)
    summary = FuzzSummary()
    started = time.perf_counter()
    # Tracebacks printed by the command itself (if it prints them when asked) are classified too.
    environment = {"SESPOLICY_DEBUG": "1", "NO_COLOR": "1"}
    for number in range(inputs):
        item = mutator.next_input()
        argv = command_for(rng, scratch)
        began = time.perf_counter()
        result = run_cli_isolated(argv, item.data, time_limit, environment, memory_mb)
        took = time.perf_counter() - began
        if took > summary.slowest[0]:
            summary.slowest = (took, f"{Path(item.seed).name} {'+'.join(item.operations)}")
        summary.inputs += 1
        summary.exit_codes[result.exit_code] += 1
        if result.crash is not None:
            key = result.crash.crash_class
            if key not in summary.classes:
                summary.classes[key] = CrashClass(result.crash, item, tuple(argv))
            summary.classes[key].count += 1
        if progress and (number + 1) % 100 == 0:
            print(
                f"  {number + 1} inputs, {len(summary.classes)} crash classes, "
                f"{time.perf_counter() - started:.0f} s",
                file=sys.stderr,
            )
    summary.seconds = time.perf_counter() - started
    return summary


def _warm_up(plan: bytes, scratch: Path) -> None:
    """Run each command once in this process, so that every forked run starts with the modules
    it needs already imported (a fork copies them; an import in the child is paid each time)."""
    for argv in (
        ["eval", "--format", "json", "--output", f"html={scratch / 'warm.html'}"],
        *(["eval", "--format", name] for name in EVAL_FORMATS),
        ["graph", "--format", "dot"],
        ["baseline", "--out", str(scratch / "warm.json")],
    ):
        run_cli(argv, stdin=plan)


def report(summary: FuzzSummary) -> str:
    lines = [f"{summary.inputs} inputs, {len(summary.classes)} crash classes"]
    codes = ", ".join(
        f"exit {code}: {count}" for code, count in sorted(
            summary.exit_codes.items(), key=lambda item: (item[0] is None, item[0] or 0)
        ) if code is not None
    )
    lines.append(
        f"({codes}; {summary.seconds:.0f} s, slowest input {summary.slowest[0]:.2f} s: "
        f"{summary.slowest[1]})"
    )
    ordered = sorted(summary.classes.values(), key=lambda c: -c.count)
    for crash_class in ordered:
        crash = crash_class.crash
        example = crash_class.example
        lines.append(f"  {crash.kind} at {crash.frame}: {crash_class.count} input(s)")
        lines.append(f"      {crash.detail[:160]}")
        lines.append(
            f"      e.g. {Path(example.seed).name} + {', '.join(example.operations)}; "
            f"sespolicy {' '.join(crash_class.argv)}"
        )
    return "\n".join(lines)


def save_crashes(summary: FuzzSummary, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, crash_class in enumerate(summary.classes.values()):
        (folder / f"crash-{number:03d}.json").write_bytes(crash_class.example.data)
        (folder / f"crash-{number:03d}.txt").write_text(
            f"{crash_class.crash}\nsespolicy {' '.join(crash_class.argv)}\n", encoding="utf-8"
        )


def _seed_folders(arguments: argparse.Namespace) -> list[Path]:
    folders = list(DEFAULT_SEED_FOLDERS)
    corpus = [Path(c) for c in arguments.corpus]
    if not corpus and os.environ.get("SESPOLICY_CORPUS"):
        corpus = [Path(os.environ["SESPOLICY_CORPUS"]) / "plans"]
    return folders + corpus


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", action="append", default=[], metavar="DIR",
                        help="more seed plans (default: $SESPOLICY_CORPUS/plans when set)")
    parser.add_argument("--time-limit", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--save-crashes", type=Path, metavar="DIR")
    parser.add_argument("--progress", action="store_true")
    arguments = parser.parse_args(argv)
    seeds = load_seeds(_seed_folders(arguments))
    with tempfile.TemporaryDirectory(prefix="sespolicy-fuzz-") as scratch:
        # Run where no .sespolicy.toml of the checkout is picked up.
        previous = os.getcwd()
        os.chdir(scratch)
        try:
            summary = fuzz(
                seeds, arguments.inputs, arguments.seed, arguments.time_limit, Path(scratch),
                arguments.progress, arguments.memory_mb,
            )
        finally:
            os.chdir(previous)
    print(f"seeds: {len(seeds)} documents; seed {arguments.seed}")
    print(report(summary))
    if arguments.save_crashes:
        save_crashes(summary, arguments.save_crashes)
    return 0 if not summary.classes else 1


if __name__ == "__main__":
    sys.exit(main())
