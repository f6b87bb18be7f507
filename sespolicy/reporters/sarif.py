"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps), valid against the OASIS schema.

Mapping:
- one `tool.driver.rules[]` entry per rule of the report; `defaultConfiguration.level` from the
  severity (critical/high -> error, medium/low -> warning, info -> note); `properties.tags` hold
  family and severity, `properties["security-severity"]` the score GitHub uses to rank alerts.
- one result per failed, unknown or waived finding (passes only with show_passed, as
  `kind: "pass"`, level `none`). Not-applicable rules have no result.
- unknown findings are `warning` (`note` for info rules; the rule's level under --strict) with
  `properties.status = "unknown"`, so a reader can tell "could not judge" from "broken".
- waived findings carry `suppressions: [{kind: external, justification: <reason>}]`.
- every result names its resource in `logicalLocations` (kind "resource"); a
  `physicalLocation` only when the finding knows its Terraform source file and line.
- related resources are `relatedLocations` (logical), with their Regions in the message.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from sespolicy.findings import Finding, Report, RuleInfo, Severity, SourceLocation, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    compact_json,
    is_reportable,
    region_label,
    rules_by_id,
    sorted_findings,
)

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "sespolicy"
INFORMATION_URI = "https://pypi.org/project/sespolicy/"

_LEVEL_BY_SEVERITY = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "warning",
    Severity.INFO: "note",
}
# GitHub code scanning ranks alerts by this score: >= 9.0 critical, 7.0-8.9 high,
# 4.0-6.9 medium, 0.1-3.9 low.
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}
# Characters RFC 3986 allows unescaped in a path; everything else (spaces, %, #, ?) is encoded.
# ":" is encoded too: in the first segment of a relative reference it would read as a scheme.
_URI_PATH_SAFE = "/@!$&'()*+,;=-._~"
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _rule_descriptor(rule: RuleInfo) -> dict[str, Any]:
    description = rule.description or rule.title
    help_text = f"{description}\n\nPolicy: {rule.policy}"
    help_markdown = f"{description}\n\nPolicy: `{rule.policy}`"
    if rule.gherkin:
        help_markdown += f"\n\n```gherkin\n{rule.gherkin.rstrip()}\n```"
    return {
        "id": rule.rule_id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL_BY_SEVERITY[rule.severity]},
        "properties": {
            "tags": _unique([rule.family, rule.severity.value, *rule.tags]),
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "policy": rule.policy,
        },
    }


def _level(finding: Finding, options: ReportOptions) -> str:
    if finding.status is Status.PASS:
        return "none"
    severity_level = _LEVEL_BY_SEVERITY[finding.severity]
    if finding.status is Status.UNKNOWN and not options.strict:
        return "note" if severity_level == "note" else "warning"
    return severity_level


def _artifact_uri(path: str) -> dict[str, str]:
    normalized = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(normalized):
        drive, rest = normalized[:2], normalized[2:]
        return {"uri": f"file:///{drive}" + quote(rest, safe=_URI_PATH_SAFE)}
    if normalized.startswith("/"):
        return {"uri": "file://" + quote(normalized, safe=_URI_PATH_SAFE)}
    # Relative to the checkout: code scanning resolves %SRCROOT% to the repository root.
    return {"uri": quote(normalized, safe=_URI_PATH_SAFE), "uriBaseId": "%SRCROOT%"}


def _physical_location(source: SourceLocation) -> dict[str, Any]:
    region: dict[str, int] = {"startLine": max(source.line, 1)}
    if source.end_line is not None and source.end_line >= region["startLine"]:
        region["endLine"] = source.end_line
    return {"artifactLocation": _artifact_uri(source.file), "region": region}


def _resource_location(address: str) -> dict[str, Any]:
    return {"fullyQualifiedName": address, "kind": "resource"}


def _location(finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [_resource_location(finding.address)]}
    if finding.source is not None:
        location["physicalLocation"] = _physical_location(finding.source)
    return location


def _message(finding: Finding) -> str:
    # Name the resource unless the message already does (the engine's messages usually do).
    in_message = finding.address in finding.message
    text = finding.message if in_message else f"{finding.address}: {finding.message}"
    if finding.remediation and finding.status is not Status.PASS:
        text += f"\nRemediation: {finding.remediation}"
    return text


def _fingerprint(finding: Finding) -> str:
    # Stable across runs for the same rule and resource, so code scanning tracks one alert.
    identity = f"{finding.rule_id}\0{finding.address}".encode()
    return hashlib.sha256(identity).hexdigest()[:32]


def _result(finding: Finding, rule_index: int, options: ReportOptions) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _level(finding, options),
        "message": {"text": _message(finding)},
        "locations": [_location(finding)],
        "partialFingerprints": {"sespolicyResource/v1": _fingerprint(finding)},
        "properties": {
            "status": finding.status.value,
            "severity": finding.severity.value,
            "region": finding.region,
            "region_source": finding.region_source,
            "remediation": finding.remediation,
            "policy": finding.policy,
            "resource_type": finding.resource_type,
        },
    }
    if finding.status is Status.PASS:
        result["kind"] = "pass"
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": index,
                "logicalLocations": [_resource_location(related.address)],
                "message": {
                    "text": f"{related.address} via {related.attribute or 'reference'} "
                    f"(Region: {region_label(related.region)})"
                },
                "properties": {"attribute": related.attribute, "region": related.region},
            }
            for index, related in enumerate(finding.related)
        ]
    if finding.waived_by:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": finding.waived_by}
        ]
    return result


def _is_listed(finding: Finding, options: ReportOptions) -> bool:
    if not is_reportable(finding):
        return False
    return finding.status is not Status.PASS or options.show_passed


def _plan_properties(report: Report) -> list[dict[str, str | None]]:
    return [
        {
            "source": plan.source,
            "kind": plan.kind,
            "format_version": plan.format_version,
            "terraform_version": plan.terraform_version,
            "timestamp": plan.timestamp,
            "sha256": plan.sha256,
        }
        for plan in report.plans
    ]


def build_sarif_log(report: Report, options: ReportOptions) -> dict[str, Any]:
    """The SARIF log as a dict (render_sarif serialises it)."""
    rules = list(rules_by_id(report).values())
    index_of = {rule.rule_id: index for index, rule in enumerate(rules)}
    results = [
        _result(finding, index_of[finding.rule_id], options)
        for finding in sorted_findings(report.findings)
        if _is_listed(finding, options)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": note}} for note in report.notes
        ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": options.tool_version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule) for rule in rules],
            }
        },
        "invocations": [invocation],
        "results": results,
        "properties": {"plans": _plan_properties(report)},
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


@register_reporter("sarif")
def render_sarif(report: Report, options: ReportOptions) -> str:
    """SARIF 2.1.0 for code scanning."""
    return compact_json(build_sarif_log(report, options))
