"""Machine-readable findings with a fixed, versioned shape (`"version": 1`).

The key set is a contract for scripts that read it: every finding has exactly the keys in
`_finding_record`, the summary exactly `rules, passed, failed, unknown`. So that no new key is
needed, waived findings are left out of `findings` (and a rule whose failures are all waived
counts as passed, as in every other format). Not-applicable never appears as a finding; passes
appear only with show_passed. Order: rule id, then address.
"""

from __future__ import annotations

import json
from typing import Any

from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import is_reportable, sorted_findings

FORMAT_VERSION = 1


def _is_listed(finding: Finding, options: ReportOptions) -> bool:
    if finding.waived_by or not is_reportable(finding):
        return False
    return finding.status is not Status.PASS or options.show_passed


def _finding_record(finding: Finding) -> dict[str, Any]:
    return {
        "rule_id": finding.rule_id,
        "family": finding.family,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "address": finding.address,
        "region": finding.region,
        "region_source": finding.region_source,
        "related": [
            {"address": related.address, "attribute": related.attribute, "region": related.region}
            for related in finding.related
        ],
        "message": finding.message,
        "remediation": finding.remediation,
        "policy": finding.policy,
    }


def _layout(findings: list[dict[str, Any]], summary: dict[str, int]) -> str:
    """Pretty at the top, one finding per line: readable, diff- and grep-friendly, and fast
    (each line goes through json's C encoder; `indent=` would not)."""
    if findings:
        rows = ",\n".join("    " + json.dumps(record, ensure_ascii=False) for record in findings)
        listed = f"[\n{rows}\n  ]"
    else:
        listed = "[]"
    return (
        f'{{\n  "version": {FORMAT_VERSION},\n  "findings": {listed},\n'
        f'  "summary": {json.dumps(summary)}\n}}\n'
    )


@register_reporter("json")
def render_json(report: Report, options: ReportOptions) -> str:
    """Findings as JSON with a fixed shape, for scripts."""
    summary = report.summary
    findings = [
        _finding_record(finding)
        for finding in sorted_findings(report.findings)
        if _is_listed(finding, options)
    ]
    return _layout(
        findings,
        {
            "rules": summary.rules,
            "passed": summary.passed,
            "failed": summary.failed,
            "unknown": summary.unknown,
        },
    )
