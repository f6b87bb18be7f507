"""Waivers: a known risk, accepted with a reason, by an owner, until a date.

A waiver is written in `.sespolicy.toml` (see sespolicy.gate.settings_file for the file format):

    [[waiver]]
    rule = "SES-RECV-010"                         # a rule id, or a family such as SES-RECV
    address = "aws_ses_receipt_rule.archive*"     # resource address; * any characters, ? one
    reason = "Archive bucket stays in us-east-1 by design"
    owner = "mail-platform@example.com"
    expires = 2027-03-31                          # TOML date; the waiver applies through it

Applied after evaluation, a waiver that is still valid marks each failed or unknown finding it
covers with `Finding.waived_by` ("reason (owner, expires 2027-03-31)"): the finding stays in
every report, as waived, and no longer fails the run. Waivers never hide a finding and never
outlive their date: from the day after `expires` the waiver stops applying and a note (and a
warning on stderr) says so; in the last EXPIRY_NOTICE_DAYS days before that, the same channels
announce it. A waiver that covers nothing is reported too, so stale waivers do
not pile up unnoticed. The first valid waiver in file order that covers a finding is the one
named on it.

The address pattern is a whole-address glob where only `*` and `?` are special: brackets are
literal, because resource addresses contain them (`aws_sns_topic.t["eu"]`, `module.m[0].x`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

from sespolicy.findings import Finding, Report, Status

# Only a finding that would count against the run can be waived; a pass needs no waiver.
WAIVABLE = frozenset({Status.FAIL, Status.UNKNOWN})
# A waiver in use that ends sooner than this is announced, so CI does not turn red unexpectedly.
EXPIRY_NOTICE_DAYS = 14


def compile_address_glob(pattern: str) -> re.Pattern[str]:
    """`*` any run of characters (dots and brackets included), `?` one; the rest literal."""
    parts = []
    for character in pattern:
        if character == "*":
            parts.append(".*")
        elif character == "?":
            parts.append(".")
        else:
            parts.append(re.escape(character))
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Waiver:
    rule: str  # a rule id or a family
    address: str  # glob over resource addresses
    reason: str
    owner: str
    expires: date  # last day the waiver applies
    origin: str = ""  # where it was written, e.g. ".sespolicy.toml, waiver #2"

    @cached_property
    def _address_pattern(self) -> re.Pattern[str]:
        return compile_address_glob(self.address)

    def names_rule(self, rule_id: str, family: str) -> bool:
        return self.rule in (rule_id, family)

    def covers(self, finding: Finding) -> bool:
        return (
            self.names_rule(finding.rule_id, finding.family)
            and self._address_pattern.fullmatch(finding.address) is not None
        )

    def is_expired(self, today: date) -> bool:
        return today > self.expires

    @property
    def justification(self) -> str:
        """The text a waived finding carries in every report."""
        return f"{self.reason} ({self.owner}, expires {self.expires.isoformat()})"

    @property
    def label(self) -> str:
        return f"waiver for {self.rule} {self.address}"

    @property
    def where(self) -> str:
        return f" ({self.origin})" if self.origin else ""


@dataclass(frozen=True)
class RuleNames:
    """Which rule ids and families exist in the catalog, and which this run evaluated.

    Tells a waiver with a typo in its rule (names no rule at all) from one whose rule was left
    out of this run by --rule/--skip-rule/--tags (nothing to say: it was not checked).
    """

    catalog: frozenset[str]
    evaluated: frozenset[str]

    @classmethod
    def of(cls, catalog: Collection[tuple[str, str]], report: Report) -> RuleNames:
        """catalog: (rule id, family) of every rule loaded; the report's rules were run."""
        return cls(
            catalog=frozenset(name for pair in catalog for name in pair),
            evaluated=frozenset(
                name for rule in report.rules for name in (rule.rule_id, rule.family)
            ),
        )


@dataclass(frozen=True)
class WaiverResult:
    report: Report
    # Each line is also in report.notes; the CLI prints them on stderr as warnings.
    warnings: tuple[str, ...]


def apply_waivers(
    report: Report, waivers: Sequence[Waiver], today: date, rules: RuleNames
) -> WaiverResult:
    """Mark the findings valid waivers cover; say which waivers expired or cover nothing."""
    valid = [waiver for waiver in waivers if not waiver.is_expired(today)]
    # By the rule name they give: a finding is only matched against waivers of its rule id
    # or family, so large plans with many waivers stay linear.
    by_rule: dict[str, list[int]] = {}
    for index, waiver in enumerate(valid):
        by_rule.setdefault(waiver.rule, []).append(index)
    used: set[int] = set()
    findings = []
    for finding in report.findings:
        if finding.status in WAIVABLE and not finding.waived_by:
            candidates = by_rule.get(finding.rule_id, []) + by_rule.get(finding.family, [])
            covering = sorted(index for index in candidates if valid[index].covers(finding))
            used.update(covering)
            if covering:
                finding = replace(finding, waived_by=valid[covering[0]].justification)
        findings.append(finding)

    warnings = []
    for waiver in waivers:
        if waiver.is_expired(today):
            warnings.append(_expired_message(waiver, report))
    for index, waiver in enumerate(valid):
        if index in used:
            days_left = (waiver.expires - today).days
            if days_left < EXPIRY_NOTICE_DAYS:
                warnings.append(
                    f"{waiver.label} expires on {waiver.expires.isoformat()}{waiver.where}, "
                    f"in {days_left} day(s): renew it or fix what it covers"
                )
            continue
        if waiver.rule not in rules.catalog:
            warnings.append(
                f"{waiver.label}{waiver.where} names no rule or family in the catalog: "
                "correct its rule (see `sespolicy rules`)"
            )
        elif waiver.rule in rules.evaluated:
            warnings.append(
                f"{waiver.label}{waiver.where} matches no failed or unknown finding: "
                "remove it if the problem is fixed, or correct its rule or address"
            )
    notes = report.notes + tuple(warnings)
    return WaiverResult(replace(report, findings=tuple(findings), notes=notes), tuple(warnings))


def _expired_message(waiver: Waiver, report: Report) -> str:
    again = sorted(
        {f.address for f in report.findings if f.status in WAIVABLE and waiver.covers(f)}
    )
    text = f"{waiver.label} expired on {waiver.expires.isoformat()}{waiver.where}"
    if again:
        shown = ", ".join(again[:5]) + (f" and {len(again) - 5} more" if len(again) > 5 else "")
        return f"{text}: no longer applies, so {shown} counts again; renew or remove it"
    return f"{text} and matches no finding either; remove it"
