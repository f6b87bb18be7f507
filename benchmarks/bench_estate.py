"""What judging one SES estate costs: N workspaces of M resources each, as one graph.

Usage: python3 benchmarks/bench_estate.py [--inputs 20] [--resources 2000] [--runs 3]

The estate is what CI has: the plan of the workspace being changed and the state of the others
(`terraform show -json` state JSON, made from synthetic plans: benchmarks/synthetic.py, each
workspace with its own domain names so they link only where names are shared — the rule sets
every synthetic plan names). The figure is the wall clock of `sespolicy eval --estate …
--format json` as a new process, process start included, best of --runs.
Target: 20 inputs x 2,000 resources <= 3 s wall on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_plan
from user_process import sespolicy_command, user_environment

TARGET_INPUTS = 20
TARGET_RESOURCES = 2_000
TARGET_SECONDS = 3.0


def workspace_plan(index: int, resources: int) -> dict:
    """A synthetic plan whose names belong to workspace `index` (w3.example.com …)."""
    text = json.dumps(make_plan(resources, seed=index))
    text = text.replace("example.com", f"w{index}.example.com")
    text = text.replace("example-inbound-", f"w{index}-inbound-")
    return json.loads(text)


def as_state(plan: dict) -> dict:
    """The state `terraform show -json` would print after applying `plan` (planned values)."""
    return {
        "format_version": "1.0",
        "terraform_version": plan["terraform_version"],
        "values": {"root_module": plan["planned_values"]["root_module"]},
    }


def write_estate(folder: Path, inputs: int, resources: int) -> list[str]:
    members = []
    for index in range(inputs):
        plan = workspace_plan(index, resources)
        document = plan if index == 0 else as_state(plan)
        path = folder / (f"w{index}.plan.json" if index == 0 else f"w{index}.state.json")
        path.write_text(json.dumps(document))
        members.append(f"w{index}={path}")
    return members


def run_once(members: list[str]) -> tuple[float, int, int]:
    command = [*sespolicy_command(), "eval", "--estate", *members, "--format", "json"]
    start = time.perf_counter()
    completed = subprocess.run(
        command, capture_output=True, text=True, check=False, env=user_environment()
    )
    seconds = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise SystemExit(
            f"sespolicy eval --estate exited {completed.returncode}: {completed.stderr.strip()}"
        )
    report = json.loads(completed.stdout)
    return seconds, len(report["findings"]), completed.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=TARGET_INPUTS, help="workspaces (20)")
    parser.add_argument(
        "--resources", type=int, default=TARGET_RESOURCES, help="resources per workspace (2000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as directory:
        members = write_estate(Path(directory), args.inputs, args.resources)
        best, findings, code = min(run_once(members) for _ in range(max(1, args.runs)))
    total = args.inputs * args.resources
    print(
        f"{'inputs':>6} {'resources each':>14} {'total':>7} {'wall s':>7} {'exit':>4} "
        f"{'findings (non-pass)':>19}"
    )
    print(f"{args.inputs:>6} {args.resources:>14} {total:>7} {best:>7.3f} {code:>4} {findings:>19}")
    if (args.inputs, args.resources) == (TARGET_INPUTS, TARGET_RESOURCES):
        met = "MET" if best <= TARGET_SECONDS else "MISSED"
        print(
            f"target <= {TARGET_SECONDS} s wall for {TARGET_INPUTS} inputs x "
            f"{TARGET_RESOURCES} resources (process start included): {best:.3f} s {met}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
