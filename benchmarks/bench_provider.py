"""Figures for the plan-only provider twins: installed size, start time, generation time.

Usage: python3 benchmarks/bench_provider.py [--runs N]

- package growth: the bytes of provider schema data installed with sespolicy (the schema pack
  of every hashicorp/aws major and utility provider, the ARN table, the overlay), and the growth
  over the 37-type schema subset shipped before (186,429 bytes). Target: growth <= 5 MB.
- provider start: a twin's executable launched as Terraform launches it, until it prints the
  go-plugin handshake line (Python start, imports, reading its index). Target <= 0.5 s.
- provider generate: `sespolicy provider generate --out DIR` in a new process (hashicorp/aws 6.x
  and the nine utility twins). Target <= 3 s.
- first type read: schema of one resource type read and shaped for planning, in process.

Plan times live in bench_plan.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from sespolicy.provider.generate import generate
from sespolicy.provider.server import MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE

PREVIOUS_SHIPPED_SCHEMA_BYTES = 186_429  # aws-provider-schema-6.47.0-subset.json
TARGETS = {"growth": 5.0, "start": 0.5, "generate": 3.0}


def provider_data_bytes() -> dict[str, int]:
    data = resources.files("sespolicy.data")
    files = {
        "provider/schemas.pack": data.joinpath("provider", "schemas.pack"),
        "provider/overlay.json": data.joinpath("provider", "overlay.json"),
        "arn-shapes.json": data.joinpath("arn-shapes.json"),
    }
    return {name: len(path.read_bytes()) for name, path in files.items()}


def time_start(executable: Path) -> float:
    """Seconds from exec to the handshake line; the twin is then told to go away."""
    env = {**os.environ, MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(executable)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.terminate()
    process.wait(timeout=10)
    if not line.startswith(b"1|6|unix|"):
        raise RuntimeError(f"unexpected handshake {line!r}")
    return elapsed


def time_generate(out: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sespolicy", "provider", "generate", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def time_first_type_read(served_dir: Path) -> float:
    from sespolicy.provider.server import load_provider

    provider = load_provider(served_dir, exit_on_stop=False)
    started = time.perf_counter()
    provider.types.resource("aws_ses_receipt_rule")
    return time.perf_counter() - started


def row(name: str, runs: list[float], unit: str, target: float | None) -> str:
    goal = f"<= {target} {unit}" if target is not None else ""
    return f"{name:<23}{min(runs):>8.3f} {statistics.median(runs):>9.3f}  {unit:<3} {goal}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    sizes = provider_data_bytes()
    total = sum(sizes.values())
    growth_mb = (total - PREVIOUS_SHIPPED_SCHEMA_BYTES) / 1_000_000
    for name, size in sizes.items():
        print(f"installed {name:<24} {size:>10,} bytes")
    print(
        f"package growth: {growth_mb:.2f} MB ({total:,} bytes of provider data, "
        f"replacing {PREVIOUS_SHIPPED_SCHEMA_BYTES:,}); target <= {TARGETS['growth']} MB"
    )

    with tempfile.TemporaryDirectory(prefix="bench-provider-") as scratch:
        generated = generate(Path(scratch) / "plugins")
        print(f"\n{'measure':<23}{'min':>8} {'median':>9}")
        starts = [time_start(generated.executable) for _ in range(args.runs)]
        print(row("provider start (aws)", starts, "s", TARGETS["start"]))
        utility = next(t for t in generated.twins if t.source.endswith("/random"))
        starts = [time_start(utility.executable) for _ in range(args.runs)]
        print(row("provider start (random)", starts, "s", TARGETS["start"]))
        generations = [time_generate(Path(scratch) / f"gen-{n}") for n in range(args.runs)]
        print(row("provider generate", generations, "s", TARGETS["generate"]))
        reads = [1000 * time_first_type_read(generated.executable.parent) for _ in range(args.runs)]
        print(row("first type read", reads, "ms", None))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
