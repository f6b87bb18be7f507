"""JUnit XML for CI test-report views (GitLab `artifacts:reports:junit`, Jenkins `junit`).

Mapping, chosen so the CI's test view agrees with the pipeline's verdict:
- `<testsuites>` holds one `<testsuite>` per rule (name = rule id; title, severity, family,
  policy and verdict as `<properties>`).
- one `<testcase>` per rule x resource: classname = rule id, name = resource address; `file`
  and `line` when the Terraform source is known (GitLab and Jenkins link them).
- fail -> `<failure message=<message> type=<severity>>` with Region, provenance, related
  resources and remediation as the body. Every unwaived failure is a failure whatever
  --fail-on says: the rule was broken; --fail-on only decides the exit code.
- unknown -> `<skipped message="unknown: ...">`: a "could not judge" is not a test failure a
  developer can fix by editing code, and GitLab/Jenkins show skipped tests separately. Under
  --strict (unknown fails the run) it is a `<failure type=<severity>>` instead, message
  prefixed "unknown:".
- waived -> `<skipped message="waived: <reason>">`: the risk was accepted, the check did not run
  as a gate.
- pass -> a plain testcase (always listed, so the test count shows what was checked).
- a rule that selected nothing -> one testcase named "(no resources selected)", skipped with
  "not applicable: ...", so an empty selection is never read as a pass.
- with several inputs each testcase name starts with `[<input>] `, so the same address in two
  plans stays two testcases.
No `<error>` is ever written: errors are for a test that crashed, and a crash of sespolicy ends
the run with exit code 3 instead of a report. Every value taken from the input is escaped with
`display.escape_text` (then for XML).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from sespolicy.display import escape_text
from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    RuleFindings,
    group_by_rule,
    related_lines,
    remediation_line,
    resource_lines,
    several_inputs,
)

NOT_APPLICABLE_CASE = "(no resources selected)"

# Characters XML 1.0 cannot carry at all, even escaped; user data is cleaned of them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", escape_text(text))


def _details(finding: Finding) -> str:
    e = escape_text
    lines = resource_lines(finding)
    if finding.source is not None:
        lines.append(f"source: {e(finding.source.file)}:{finding.source.line}")
    lines += related_lines(finding)
    lines.append(e(finding.message))
    if finding.remediation:
        lines.append(remediation_line(finding))
    lines.append(f"policy: {e(finding.policy)}")
    return _XML_ILLEGAL.sub("\ufffd", "\n".join(lines))


def _outcome(finding: Finding, options: ReportOptions) -> tuple[str, str] | None:
    """(element, message) of a testcase's result; None for a plain pass."""
    if finding.waived_by:
        return "skipped", f"waived: {finding.waived_by}"
    if finding.status is Status.FAIL:
        return "failure", finding.message
    if finding.status is Status.UNKNOWN:
        return ("failure" if options.strict else "skipped"), f"unknown: {finding.message}"
    return None


def _testcase(finding: Finding, options: ReportOptions, with_input: bool) -> ElementTree.Element:
    name = f"[{finding.input}] {finding.address}" if with_input else finding.address
    case = ElementTree.Element(
        "testcase",
        {"classname": _xml_text(finding.rule_id), "name": _xml_text(name), "time": "0"},
    )
    if finding.source is not None:
        case.set("file", _xml_text(finding.source.file))
        case.set("line", str(finding.source.line))
    outcome = _outcome(finding, options)
    if outcome is not None:
        element, message = outcome
        result = ElementTree.SubElement(case, element, {"message": _xml_text(message)})
        if element == "failure":
            result.set("type", finding.severity.value)
        result.text = _details(finding)
    return case


def _not_applicable_case(group: RuleFindings) -> ElementTree.Element:
    case = ElementTree.Element(
        "testcase", {"classname": group.rule.rule_id, "name": NOT_APPLICABLE_CASE, "time": "0"}
    )
    ElementTree.SubElement(
        case,
        "skipped",
        {"message": "not applicable: the rule selected no resource in this plan"},
    )
    return case


def _testsuite(
    group: RuleFindings, options: ReportOptions, with_input: bool
) -> ElementTree.Element:
    rule = group.rule
    cases = [_testcase(finding, options, with_input) for finding in group.findings]
    if not cases:
        cases = [_not_applicable_case(group)]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    skipped = sum(1 for case in cases if case.find("skipped") is not None)
    suite = ElementTree.Element(
        "testsuite",
        {
            "name": _xml_text(rule.rule_id),
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": "0",
            "skipped": str(skipped),
            "time": "0",
        },
    )
    properties = ElementTree.SubElement(suite, "properties")
    for name, value in (
        ("title", rule.title),
        ("severity", rule.severity.value),
        ("family", rule.family),
        ("policy", rule.policy),
        ("verdict", group.verdict.value),
    ):
        ElementTree.SubElement(properties, "property", {"name": name, "value": _xml_text(value)})
    suite.extend(cases)
    return suite


@register_reporter("junit")
def render_junit(report: Report, options: ReportOptions) -> str:
    """JUnit XML: one testsuite per rule, one testcase per rule x resource."""
    with_input = several_inputs(report)
    suites = [_testsuite(group, options, with_input) for group in group_by_rule(report)]
    root = ElementTree.Element(
        "testsuites",
        {
            "name": "sespolicy",
            "tests": str(sum(int(suite.get("tests", "0")) for suite in suites)),
            "failures": str(sum(int(suite.get("failures", "0")) for suite in suites)),
            "errors": "0",
            "skipped": str(sum(int(suite.get("skipped", "0")) for suite in suites)),
            "time": "0",
        },
    )
    root.extend(suites)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
