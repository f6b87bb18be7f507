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
- each input (plan, state, .tf folder) is a `run.artifacts[]` entry (role `analysisTarget`,
  its sha-256, its label); every result names its input's artifact in `analysisTarget` and
  `properties.input`, so findings of several plans stay apart. With several inputs the input
  is part of the partial fingerprint (the same address in two plans is two alerts).
- every string taken from the input is escaped with `display.escape_text` (policy text
  keeps its line breaks, which JSON carries safely).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from sespolicy.display import escape_text
from sespolicy.findings import (
    Finding,
    PlanInfo,
    Report,
    RuleInfo,
    Severity,
    SourceLocation,
    Status,
)
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    compact_json,
    escape_lines,
    is_reportable,
    region_label,
    rules_by_id,
    several_inputs,
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
    title = escape_text(rule.title)
    policy = escape_text(rule.policy)
    description = escape_lines(rule.description) or title
    help_text = f"{description}\n\nPolicy: {policy}"
    help_markdown = f"{description}\n\nPolicy: `{policy}`"
    if rule.gherkin:
        help_markdown += f"\n\n```gherkin\n{escape_lines(rule.gherkin.rstrip())}\n```"
    return {
        "id": escape_text(rule.rule_id),
        "name": title,
        "shortDescription": {"text": title},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL_BY_SEVERITY[rule.severity]},
        "properties": {
            "tags": _unique(
                [escape_text(tag) for tag in (rule.family, rule.severity.value, *rule.tags)]
            ),
            "security-severity": _SECURITY_SEVERITY[rule.severity],
            "policy": policy,
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
    return {"fullyQualifiedName": escape_text(address), "kind": "resource"}


def _location(finding: Finding) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [_resource_location(finding.address)]}
    if finding.source is not None:
        location["physicalLocation"] = _physical_location(finding.source)
    return location


def _optional(value: str | None) -> str | None:
    return None if value is None else escape_text(value)


def _message(finding: Finding, with_input: bool) -> str:
    # Name the resource unless the message already does (the engine's messages usually do).
    address = escape_text(finding.address)
    message = escape_text(finding.message)
    text = message if address in message else f"{address}: {message}"
    if with_input:
        text = f"[{escape_text(finding.input)}] {text}"
    if finding.remediation and finding.status is not Status.PASS:
        label = "To decide" if finding.status is Status.UNKNOWN else "Remediation"
        text += f"\n{label}: {escape_text(finding.remediation)}"
    return text


def _fingerprint(finding: Finding, with_input: bool) -> str:
    # Stable across runs for the same rule and resource, so code scanning tracks one alert.
    # With several inputs the same address in two of them is two alerts.
    identity = f"{finding.rule_id}\0{finding.address}"
    if with_input:
        identity += f"\0{finding.input}"
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _result(
    finding: Finding,
    rule_index: int,
    options: ReportOptions,
    artifacts: dict[str, int],
    with_input: bool,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": escape_text(finding.rule_id),
        "ruleIndex": rule_index,
        "level": _level(finding, options),
        "message": {"text": _message(finding, with_input)},
        "locations": [_location(finding)],
        "partialFingerprints": {"sespolicyResource/v1": _fingerprint(finding, with_input)},
        "properties": {
            "status": finding.status.value,
            "severity": finding.severity.value,
            "input": escape_text(finding.input),
            "region": _optional(finding.region),
            "region_source": escape_text(finding.region_source),
            "remediation": escape_text(finding.remediation),
            "policy": escape_text(finding.policy),
            "resource_type": escape_text(finding.resource_type),
        },
    }
    if finding.input in artifacts:
        result["analysisTarget"] = {"index": artifacts[finding.input]}
    if finding.status is Status.PASS:
        result["kind"] = "pass"
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": index,
                "logicalLocations": [_resource_location(related.address)],
                "message": {
                    "text": f"{escape_text(related.address)} via "
                    f"{escape_text(related.attribute or 'reference')} "
                    f"(Region: {escape_text(region_label(related.region))})"
                },
                "properties": {
                    "input": escape_text(related.input or finding.input),
                    "attribute": _optional(related.attribute),
                    "region": _optional(related.region),
                },
            }
            for index, related in enumerate(finding.related)
        ]
    if finding.waived_by:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": escape_text(finding.waived_by),
            }
        ]
    return result


def _is_listed(finding: Finding, options: ReportOptions) -> bool:
    if not is_reportable(finding):
        return False
    return finding.status is not Status.PASS or options.show_passed


def _plan_properties(report: Report) -> list[dict[str, str | None]]:
    return [
        {
            "input": escape_text(plan.input),
            "source": escape_text(plan.source),
            "kind": plan.kind,
            "format_version": _optional(plan.format_version),
            "terraform_version": _optional(plan.terraform_version),
            "timestamp": _optional(plan.timestamp),
            "sha256": plan.sha256,
        }
        for plan in report.plans
    ]


def _artifact(plan: PlanInfo) -> dict[str, Any]:
    """One input as an artifact: where it is (stdin has no URI), its hash and its name."""
    if plan.source.startswith("<"):  # <stdin>, <bytes>, <dict>: no file to point at
        location: dict[str, Any] = {"description": {"text": escape_text(plan.source)}}
    else:
        location = _artifact_uri(plan.source)
    artifact: dict[str, Any] = {
        "location": location,
        "roles": ["analysisTarget"],
        "description": {"text": f"{plan.kind} input {escape_text(plan.input)}"},
        "properties": {"input": escape_text(plan.input), "kind": plan.kind},
    }
    if plan.sha256:
        artifact["hashes"] = {"sha-256": plan.sha256}
    return artifact


def build_sarif_log(report: Report, options: ReportOptions) -> dict[str, Any]:
    """The SARIF log as a dict (render_sarif serialises it)."""
    rules = list(rules_by_id(report).values())
    index_of = {rule.rule_id: index for index, rule in enumerate(rules)}
    artifacts = {plan.input: index for index, plan in enumerate(report.plans)}
    with_input = several_inputs(report)
    results = [
        _result(finding, index_of[finding.rule_id], options, artifacts, with_input)
        for finding in sorted_findings(report.findings)
        if _is_listed(finding, options)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if report.notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "note", "message": {"text": escape_text(note)}} for note in report.notes
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
        "artifacts": [_artifact(plan) for plan in report.plans],
        "results": results,
        "properties": {"plans": _plan_properties(report)},
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


@register_reporter("sarif")
def render_sarif(report: Report, options: ReportOptions) -> str:
    """SARIF 2.1.0 for code scanning."""
    return compact_json(build_sarif_log(report, options))
