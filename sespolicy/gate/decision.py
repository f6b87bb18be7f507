"""What decides the exit code besides the verdicts: config file, waivers, baseline, levels.

The evaluating commands (eval, plan) call `add_gate_options` for their flags, `load_gate`
before evaluating (so a bad config file fails fast, before any plan is judged), and
`Gate.judge` on the report: waivers first, then the baseline for what is left, then notes on
the enforcement levels. Warnings are returned for the caller to print on stderr as
`sespolicy: warning: ...` and go into `Report.notes`, so the formats that show notes (text,
SARIF, HTML, ...) carry them too.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sespolicy.findings import Finding, Report, Severity, Status
from sespolicy.gate.baseline import Baseline, apply_baseline, read_baseline
from sespolicy.gate.enforcement import Enforcement
from sespolicy.gate.settings_file import CONFIG_FILE_NAME, PolicyConfig, load_policy_config
from sespolicy.gate.waivers import RuleNames, apply_waivers

if TYPE_CHECKING:  # the catalog pulls in the Gherkin parser: not needed to build the CLI
    from sespolicy.policy.catalog import Rule


def current_date() -> date:
    """Today, for waiver expiry; tests replace it to run on a fixed day."""
    return date.today()


def add_gate_options(parser: argparse.ArgumentParser, *, baseline: bool = True) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"config file with waivers and enforcement levels (default: ./{CONFIG_FILE_NAME})",
    )
    parser.add_argument(
        "--waivers",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="one more waiver file in the config format (repeatable)",
    )
    if not baseline:
        return
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="findings recorded by `sespolicy baseline` are known and do not fail the run",
    )
    parser.add_argument(
        "--override-soft",
        action="store_true",
        help="findings of rules whose enforcement level is soft do not fail the run",
    )


@dataclass(frozen=True)
class GateResult:
    report: Report
    warnings: tuple[str, ...]  # each is also in report.notes


@dataclass(frozen=True)
class Gate:
    config: PolicyConfig = field(default_factory=PolicyConfig)
    baseline: Baseline | None = None
    override_soft: bool = False

    @property
    def enforcement(self) -> Enforcement:
        return Enforcement(self.config.enforcement, self.override_soft)

    def judge(
        self,
        report: Report,
        catalog: Sequence[Rule],
        strict: bool,
        today: date | None = None,
    ) -> GateResult:
        """Waivers, then the baseline, then enforcement notes. Every warning is also a note
        of the report; the caller decides where to print them."""
        names = RuleNames.of([(r.info.rule_id, r.info.family) for r in catalog], report)
        waived = apply_waivers(report, self.config.waivers, today or current_date(), names)
        unknown_keys = self._unknown_enforcement_keys(names)
        warnings = waived.warnings + unknown_keys
        report = replace(waived.report, notes=waived.report.notes + unknown_keys)
        if self.baseline is not None:
            report = apply_baseline(report, self.baseline).report
        report = replace(report, notes=report.notes + self.enforcement.notes(report, strict))
        return GateResult(report, warnings)

    def _unknown_enforcement_keys(self, names: RuleNames) -> tuple[str, ...]:
        return tuple(
            f"[enforcement] {key!r} names no rule or family in the catalog "
            f"({', '.join(self.config.sources)})"
            for key in sorted(self.config.enforcement)
            if key not in names.catalog
        )


def load_config(args: argparse.Namespace) -> PolicyConfig:
    """What the run's config files (--config or ./.sespolicy.toml, --waivers) say; InputError
    for a missing or invalid file."""
    return load_policy_config(getattr(args, "config", None), getattr(args, "waivers", []))


def load_gate(args: argparse.Namespace, config: PolicyConfig | None = None) -> Gate:
    """The gate the command line asks for; InputError for a missing or invalid file.
    `config` is the run's config files when the caller has read them already."""
    if config is None:
        config = load_config(args)
    baseline_path = getattr(args, "baseline", None)
    return Gate(
        config=config,
        baseline=read_baseline(baseline_path) if baseline_path is not None else None,
        override_soft=bool(getattr(args, "override_soft", False)),
    )


def failing(
    report: Report, fail_on: str, strict: bool, enforcement: Enforcement | None = None
) -> list[Finding]:
    """Findings that make the run fail: status fail (and unknown under --strict), not waived.

    A rule's enforcement level (advisory/soft/hard, from the config file) decides over the
    --fail-on severity gate when one is set.
    """
    threshold = Severity.parse(fail_on).rank
    counted = {Status.FAIL, Status.UNKNOWN} if strict else {Status.FAIL}

    def gate(finding: Finding) -> bool:
        decided = enforcement.decides(finding) if enforcement is not None else None
        return finding.severity.rank >= threshold if decided is None else decided

    return [f for f in report.findings if f.status in counted and not f.waived_by and gate(f)]
