"""What an evaluation produces: plain, immutable records that reporters read.

Reporters never re-evaluate anything; everything they print is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    # The rule selected nothing in this plan: reported, so an empty selection is never
    # mistaken for a pass of something unseen.
    NOT_APPLICABLE = "not_applicable"


class Severity(str, Enum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of {names}") from None


_SEVERITY_ORDER = list(Severity)

# Worst last: a rule's verdict is its worst finding's (fail > unknown > pass > not applicable).
VERDICT_ORDER = (Status.NOT_APPLICABLE, Status.PASS, Status.UNKNOWN, Status.FAIL)


@dataclass(frozen=True)
class RelatedResource:
    """Another resource that took part in a verdict, e.g. the SNS topic a rule points at."""

    address: str
    attribute: str | None
    region: str | None
    # The input (plan, state, .tf folder; its label or path) the related resource comes from.
    input: str = ""


@dataclass(frozen=True)
class SourceLocation:
    """Where in the Terraform source a finding points (filled when the source is known)."""

    file: str
    line: int
    end_line: int | None = None


@dataclass(frozen=True)
class Finding:
    rule_id: str
    family: str
    severity: Severity
    status: Status
    address: str
    region: str | None
    region_source: str
    message: str
    remediation: str
    policy: str  # "policies/<file>.feature:<line>" of the scenario that judged
    related: tuple[RelatedResource, ...] = ()
    resource_type: str = ""
    source: SourceLocation | None = None
    # Set by the waiver step: the reason a known risk was accepted. A waived finding stays
    # in the report with this text; it no longer counts towards the exit code.
    waived_by: str | None = None
    # The input (plan, state, .tf folder; its label or path) the resource comes from.
    input: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What tells one finding from another across a run: rule, input and resource."""
        return (self.rule_id, self.input, self.address)

    @property
    def effective_status(self) -> Status:
        """A waived failure no longer counts against the run; it reads as passed in verdicts."""
        return Status.PASS if self.waived_by else self.status


@dataclass(frozen=True)
class RuleInfo:
    """One rule of the catalog as the auditor reads it."""

    rule_id: str
    family: str
    severity: Severity
    title: str
    description: str
    policy: str
    gherkin: str = ""
    tags: tuple[str, ...] = ()
    # File line of each step of `gherkin` (Background steps included), when known.
    step_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlanInfo:
    """What identifies the plan that was judged."""

    source: str
    kind: str  # "plan", "state" or "hcl"
    format_version: str | None = None
    terraform_version: str | None = None
    timestamp: str | None = None
    sha256: str | None = None
    # The label the user gave the input (`NAME=PATH`); empty when it has none.
    label: str = ""

    @property
    def input(self) -> str:
        """What findings of this input carry in `Finding.input`: the label, else the source."""
        return self.label or self.source


@dataclass(frozen=True)
class Summary:
    """Rules counted by their verdict: every rule is in exactly one of passed, failed,
    unknown, waived (nothing failed or unknown but what a waiver or the baseline accepted)
    and not_applicable. `waived_findings` counts the accepted findings themselves."""

    rules: int
    passed: int
    failed: int
    unknown: int
    not_applicable: int = 0
    waived: int = 0
    waived_findings: int = 0


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...]
    plans: tuple[PlanInfo, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def rule_verdicts(self) -> dict[str, Status]:
        """Each rule's worst verdict (see VERDICT_ORDER), a waived finding counting as passed:
        every listed rule, and each other rule a finding names with more than not applicable."""
        worst = dict.fromkeys((rule.rule_id for rule in self.rules), Status.NOT_APPLICABLE)
        for finding in self.findings:
            status = finding.effective_status
            current = worst.get(finding.rule_id, Status.NOT_APPLICABLE)
            if VERDICT_ORDER.index(status) > VERDICT_ORDER.index(current):
                worst[finding.rule_id] = status
        return worst

    @property
    def summary(self) -> Summary:
        """Counts of rules by their worst verdict (fail > unknown > waived > pass)."""
        worst = self.rule_verdicts()
        waived_rules = {finding.rule_id for finding in self.findings if finding.waived_by}
        # A rule that passes only because a finding was accepted is not a pass.
        waived = sum(
            1 for rule_id, status in worst.items()
            if status is Status.PASS and rule_id in waived_rules
        )
        values = list(worst.values())
        return Summary(
            rules=len(values),
            passed=values.count(Status.PASS) - waived,
            failed=values.count(Status.FAIL),
            unknown=values.count(Status.UNKNOWN),
            not_applicable=values.count(Status.NOT_APPLICABLE),
            waived=waived,
            waived_findings=sum(1 for f in self.findings if f.waived_by),
        )

    @property
    def inputs(self) -> tuple[str, ...]:
        """Every input name, in the order the inputs were given (then any only findings name)."""
        names = [plan.input for plan in self.plans]
        names += [finding.input for finding in self.findings]
        return tuple(name for name in dict.fromkeys(names) if name)
