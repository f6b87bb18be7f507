"""Time `sespolicy plan`'s Terraform part (init + plan + show) for a 10- and a 200-resource setup.

Usage: python3 benchmarks/bench_plan.py [--runs N] [--terraform PATH]

Each configuration has SES identities, SNS topics and receipt rules spread over the default
provider and an aliased one. Figures are wall-clock seconds for `run_plan` (copy, init, plan,
show): "shared" is the default in-process provider inside an already warm Python process,
"fresh" the same in a new Python process (what one `sespolicy plan` run pays, imports included),
"isolated" one provider process per provider configuration as Terraform normally runs
providers (--isolated-provider). The provider is
generated (and cached) before timing. Targets: 10 resources <= 1.5 s, 200 resources <= 4 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sespolicy.provider.cache import cached_provider
from sespolicy.provider.planrun import PlanRequest, run_plan
from sespolicy.provider.schema import DEFAULT_VERSIONS

_HEADER = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 6.0" }
  }
}
provider "aws" { region = "us-east-1" }
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}
resource "aws_ses_receipt_rule_set" "main" { rule_set_name = "main" }
resource "aws_ses_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = "main"
}
"""

# Four resources per unit: identity, topic, notification topic, receipt rule.
_UNIT = """
resource "aws_ses_domain_identity" "d{n}" {{
  {provider}domain = "d{n}.example.com"
}}
resource "aws_sns_topic" "t{n}" {{
  {provider}name = "bounces-{n}"
}}
resource "aws_ses_identity_notification_topic" "n{n}" {{
  {provider}identity          = aws_ses_domain_identity.d{n}.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.t{n}.arn
}}
resource "aws_ses_receipt_rule" "r{n}" {{
  {provider}name          = "rule-{n}"
  rule_set_name = aws_ses_receipt_rule_set.{rule_set}.rule_set_name
  recipients    = ["d{n}.example.com"]
  sns_action {{
    topic_arn = aws_sns_topic.t{n}.arn
    position  = 1
  }}
}}
"""


def write_configuration(directory: Path, resources: int) -> None:
    """About `resources` resources (two rule sets plus units of four), over two aliases."""
    units = max(1, (resources - 2) // 4)
    parts = [_HEADER]
    for n in range(units):
        in_eu = n % 2 == 1
        parts.append(
            _UNIT.format(
                n=n,
                provider="provider = aws.eu\n  " if in_eu else "",
                rule_set="eu" if in_eu else "main",
            )
        )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text("".join(parts), "utf-8")


def time_plan(directory: Path, terraform: str | None, isolated: bool) -> float:
    started = time.perf_counter()
    run_plan(PlanRequest(config_dir=directory, terraform=terraform, isolated_provider=isolated))
    return time.perf_counter() - started


def time_fresh_process(directory: Path, terraform: str | None) -> float:
    """Like a user's `sespolicy plan` run: a new Python process pays every import itself."""
    code = (
        "import sys; from pathlib import Path; "
        "from sespolicy.provider.planrun import PlanRequest, run_plan; "
        "run_plan(PlanRequest(config_dir=Path(sys.argv[1]), terraform=sys.argv[2] or None))"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(directory), terraform or ""], check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terraform")
    args = parser.parse_args()
    cached_provider("v6", DEFAULT_VERSIONS["v6"])
    targets = {10: 1.5, 200: 4.0}
    print(f"{'resources':>9}  {'provider':<9}  {'min s':>6}  {'median s':>8}  target")
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as scratch:
        for size, target in targets.items():
            directory = Path(scratch) / f"config-{size}"
            write_configuration(directory, size)
            for label in ("shared", "fresh", "isolated"):
                if label == "fresh":
                    runs = [time_fresh_process(directory, args.terraform) for _ in range(args.runs)]
                else:
                    isolated = label == "isolated"
                    runs = [
                        time_plan(directory, args.terraform, isolated) for _ in range(args.runs)
                    ]
                print(
                    f"{size:>9}  {label:<9}  {min(runs):>6.2f}  "
                    f"{statistics.median(runs):>8.2f}  <= {target} s"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
