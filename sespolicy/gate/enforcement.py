"""Per-rule enforcement levels, as Sentinel users know them, layered over the severity gate.

Written in `.sespolicy.toml` by rule id or family (a rule id wins over its family):

    [enforcement]
    "SES-SUPP" = "advisory"      # reported, never fails the run
    "SES-RECV" = "soft"          # fails the run unless --override-soft is given
    "SES-RECV-013" = "hard"      # always fails the run

- advisory: findings are reported but never fail the run (whatever their severity).
- soft: findings fail the run whatever --fail-on says, unless the run is given
  `--override-soft` (the person running it accepts the soft failures, like Sentinel's override).
- hard: findings fail the run whatever --fail-on says; no flag overrides them (a waiver, with
  its reason, owner and expiry, still can: it is the audited way to accept one finding).
- no level: the severity gate `--fail-on` decides, as without a config file.

A level changes only whether a finding fails the run: which findings count at all is unchanged
(failed ones; unknown ones only under --strict; never waived ones).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from sespolicy.findings import Finding, Report, Status


class EnforcementLevel(str, Enum):
    ADVISORY = "advisory"
    SOFT = "soft"
    HARD = "hard"


@dataclass(frozen=True)
class Enforcement:
    """Levels by rule id or family, and whether this run overrides soft failures."""

    levels: Mapping[str, EnforcementLevel] = field(default_factory=dict)
    override_soft: bool = False

    def level_of(self, finding: Finding) -> tuple[str, EnforcementLevel] | None:
        """(the key that set it, the level) for the finding's rule; the rule id wins."""
        for key in (finding.rule_id, finding.family):
            level = self.levels.get(key)
            if level is not None:
                return key, level
        return None

    def decides(self, finding: Finding) -> bool | None:
        """Whether a counted finding fails the run; None leaves it to the severity gate."""
        found = self.level_of(finding)
        if found is None:
            return None
        level = found[1]
        if level is EnforcementLevel.ADVISORY:
            return False
        if level is EnforcementLevel.SOFT:
            return not self.override_soft
        return True

    def notes(self, report: Report, strict: bool) -> tuple[str, ...]:
        """One line per rule whose level changed how its findings count, for the report.

        Reporters show the severity gate only; these lines say when a level decided instead.
        """
        counted = {Status.FAIL, Status.UNKNOWN} if strict else {Status.FAIL}
        per_rule: Counter[tuple[str, str, EnforcementLevel]] = Counter()
        for finding in report.findings:
            if finding.status not in counted or finding.waived_by:
                continue
            found = self.level_of(finding)
            if found is not None:
                per_rule[(finding.rule_id, *found)] += 1
        return tuple(
            self._note(rule_id, key, level, count)
            for (rule_id, key, level), count in sorted(per_rule.items())
        )

    def _note(self, rule_id: str, key: str, level: EnforcementLevel, count: int) -> str:
        subject = f"{rule_id} is {level.value} ([enforcement] {key!r}): {count} finding(s)"
        if level is EnforcementLevel.ADVISORY:
            return f"{subject} reported only, not failing the run"
        if level is EnforcementLevel.SOFT and self.override_soft:
            return f"{subject} not failing the run: overridden by --override-soft"
        if level is EnforcementLevel.SOFT:
            return f"{subject} fail the run whatever --fail-on says, unless --override-soft"
        return f"{subject} fail the run whatever --fail-on says"
