"""Views of a Report that several formats need: stable order, rules by id, verdicts.

Only reading and ordering happens here; no verdict is ever recomputed from resources.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sespolicy.display import escape_text
from sespolicy.findings import VERDICT_ORDER, Finding, Report, RuleInfo, Status

NO_REGION = "none"


def finding_sort_key(finding: Finding) -> tuple[str, str, str, int, str]:
    """(rule id, input, address) as promised to users; status and message only break ties."""
    return (
        finding.rule_id,
        finding.input,
        finding.address,
        -VERDICT_ORDER.index(finding.status),  # worst first is what a reader wants to see
        finding.message,
    )


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=finding_sort_key)


def is_reportable(finding: Finding) -> bool:
    """Not-applicable is a property of a rule, never shown as a resource's finding."""
    return finding.status is not Status.NOT_APPLICABLE


def rules_by_id(report: Report) -> dict[str, RuleInfo]:
    """Every rule of the report, plus a stand-in for a finding whose rule is not listed.

    A report should list every rule it judged; when it does not, the findings must still be
    shown, so their rule is described from what the finding itself carries.
    """
    rules = {rule.rule_id: rule for rule in report.rules}
    for finding in report.findings:
        if finding.rule_id not in rules:
            rules[finding.rule_id] = RuleInfo(
                rule_id=finding.rule_id,
                family=finding.family,
                severity=finding.severity,
                title=finding.rule_id,
                description="",
                policy=finding.policy,
            )
    return dict(sorted(rules.items()))


def rule_verdicts(report: Report) -> dict[str, Status]:
    """Each rule's worst verdict (fail > unknown > pass > not applicable), waivers as pass, in
    rule id order. Report.rule_verdicts decides them, as for Report.summary, so a rule shown
    as failed is counted as failed."""
    worst = report.rule_verdicts()
    return {rule_id: worst.get(rule_id, Status.NOT_APPLICABLE) for rule_id in rules_by_id(report)}


@dataclass(frozen=True)
class RuleFindings:
    """One rule with its reportable findings in stable order."""

    rule: RuleInfo
    verdict: Status
    findings: tuple[Finding, ...]


def group_by_rule(report: Report) -> list[RuleFindings]:
    """Rules in id order, each with its findings sorted by address."""
    verdicts = rule_verdicts(report)
    grouped: dict[str, list[Finding]] = {rule_id: [] for rule_id in verdicts}
    for finding in sorted_findings(report.findings):
        if is_reportable(finding):
            grouped[finding.rule_id].append(finding)
    rules = rules_by_id(report)
    return [
        RuleFindings(rule=rules[rule_id], verdict=verdicts[rule_id], findings=tuple(found))
        for rule_id, found in grouped.items()
    ]


def reports_by_input(report: Report) -> list[tuple[str, Report]]:
    """One report per input (its plan, its findings, every rule; no notes), in input order;
    the report itself, alone, when it has one input or none."""
    inputs = report.inputs
    if len(inputs) <= 1:
        return [(inputs[0] if inputs else "", report)]
    return [
        (
            name,
            replace(
                report,
                findings=tuple(f for f in report.findings if f.input == name),
                plans=tuple(plan for plan in report.plans if plan.input == name),
                notes=(),
            ),
        )
        for name in inputs
    ]


def several_inputs(report: Report) -> bool:
    return len(report.inputs) > 1


def escape_lines(text: str) -> str:
    """Multi-line text from a policy file (a description, Gherkin): each line escaped, the
    line breaks kept, for formats that carry line breaks safely inside a string."""
    return "\n".join(escape_text(line) for line in text.split("\n"))


@dataclass(frozen=True)
class PolicyLocation:
    """`policies/receiving.feature:14` split into its file and line (line 0 when absent)."""

    file: str
    line: int

    @classmethod
    def parse(cls, policy: str) -> PolicyLocation:
        file, separator, line = policy.rpartition(":")
        if separator and line.isdigit():
            return cls(file=file, line=int(line))
        return cls(file=policy, line=0)


def region_label(region: str | None) -> str:
    return region if region else NO_REGION


def resource_lines(finding: Finding) -> list[str]:
    """A finding's input, resource and Region as plain-text lines, escaped."""
    e = escape_text
    return [
        f"input: {e(finding.input)}",
        f"resource: {e(finding.address)}",
        f"Region: {e(region_label(finding.region))} ({e(finding.region_source)})",
    ]


def related_lines(finding: Finding) -> list[str]:
    """One plain-text line, escaped, per resource that took part in the finding's verdict."""
    e = escape_text
    lines = []
    for related in finding.related:
        via = f" via {e(related.attribute)}" if related.attribute else ""
        lines.append(
            f"related: {e(related.address)}{via} (Region: {e(region_label(related.region))})"
        )
    return lines


def remediation_label(finding: Finding) -> str:
    """What a finding's remediation offers: something to decide for an unknown, else a fix."""
    return "to decide" if finding.status is Status.UNKNOWN else "fix"


def remediation_line(finding: Finding) -> str:
    """`fix: ...` or `to decide: ...`, escaped, for the plain-text formats."""
    return f"{remediation_label(finding)}: {escape_text(finding.remediation)}"


def compact_json(document: Any) -> str:
    """JSON on one line, plus a final newline.

    json.dumps with `indent` falls back to the pure-Python encoder, several times slower; at a
    few thousand findings that alone would eat the CLI's time budget.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
