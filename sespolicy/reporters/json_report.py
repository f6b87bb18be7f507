"""Machine-readable findings with a fixed, versioned shape (`"version": 1`).

The key set is a contract for scripts that read it; keys are only ever added (and `version`
stays 1): every finding has exactly the keys in `_finding_record` (`input`, the input it
belongs to, was added for several inputs, also on each related item); the summary counts
rules by verdict (`waived` and `not_applicable` added; a rule that passes only because a
finding was waived or baselined is counted as waived, not passed). Waived findings are left
out of `findings`, so a script counting failures there is not misled; they are listed apart
in `waived` with the reason in `waived_by`. Not-applicable never appears as a finding; passes
appear only with show_passed. Order: rule id, then input, then address. Every string taken
from the input is escaped with `display.escape_text`.
"""

from __future__ import annotations

import json
from typing import Any

from sespolicy.display import escape_text
from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import is_reportable, sorted_findings

FORMAT_VERSION = 1


def _is_listed(finding: Finding, options: ReportOptions) -> bool:
    if finding.waived_by or not is_reportable(finding):
        return False
    return finding.status is not Status.PASS or options.show_passed


def _text(value: str | None) -> str | None:
    return None if value is None else escape_text(value)


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": escape_text(finding.rule_id),
        "family": escape_text(finding.family),
        "severity": finding.severity.value,
        "status": finding.status.value,
        "input": escape_text(finding.input),
        "address": escape_text(finding.address),
        "region": _text(finding.region),
        "region_source": escape_text(finding.region_source),
        "related": [
            {
                "input": escape_text(related.input or finding.input),
                "address": escape_text(related.address),
                "attribute": _text(related.attribute),
                "region": _text(related.region),
            }
            for related in finding.related
        ],
        "message": escape_text(finding.message),
        "remediation": escape_text(finding.remediation),
        "policy": escape_text(finding.policy),
    }


def _waived_record(finding: Finding) -> dict[str, Any]:
    return {**_finding_record(finding), "waived_by": escape_text(finding.waived_by or "")}


def _listed(records: list[dict[str, Any]]) -> str:
    """One record per line: readable, diff- and grep-friendly, and fast (each line goes
    through json's C encoder; `indent=` would not)."""
    if not records:
        return "[]"
    rows = ",\n".join("    " + json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{rows}\n  ]"


def _layout(
    findings: list[dict[str, Any]], waived: list[dict[str, Any]], summary: dict[str, int]
) -> str:
    return (
        f'{{\n  "version": {FORMAT_VERSION},\n  "findings": {_listed(findings)},\n'
        f'  "waived": {_listed(waived)},\n'
        f'  "summary": {json.dumps(summary)}\n}}\n'
    )


@register_reporter("json")
def render_json(report: Report, options: ReportOptions) -> str:
    """Findings as JSON with a fixed shape, for scripts."""
    summary = report.summary
    ordered = sorted_findings(report.findings)
    findings = [_finding_record(f) for f in ordered if _is_listed(f, options)]
    waived = [_waived_record(f) for f in ordered if f.waived_by and is_reportable(f)]
    return _layout(
        findings,
        waived,
        {
            "rules": summary.rules,
            "passed": summary.passed,
            "failed": summary.failed,
            "unknown": summary.unknown,
            "waived": summary.waived,
            "not_applicable": summary.not_applicable,
        },
    )
