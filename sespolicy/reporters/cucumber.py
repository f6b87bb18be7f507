"""Cucumber JSON, the format BDD report tools read (Jenkins Cucumber Reports, Allure, Xray,
cucumber-html-reporter): features -> elements (scenarios) -> steps with a result status.

Mapping:
- one feature per policy file (`uri` = the file, from `RuleInfo.policy`).
- one element (scenario) per rule x resource, named "<rule id> <title> [<address>]", at the
  rule's scenario line; tags `@<rule id>`, `@severity:<severity>`, the rule's own tags and the
  tags written above its scenario.
- steps are the Given/When/Then lines of `RuleInfo.gherkin` (one synthetic Then step with the
  rule title when the rule carries no Gherkin). Step lines are counted from the scenario line
  in `RuleInfo.policy` unless `RuleInfo.step_lines` gives each step's own line (the catalog
  does): exact when the Gherkin text starts with its `Scenario:` line, otherwise the steps are
  assumed to follow the scenario line directly.
- statuses: pass -> every step passed. fail -> the steps before the first Then passed, that
  Then failed (error_message = message, Region, related resources, fix), the rest skipped.
  unknown -> the same, but that step is skipped (failed under --strict). waived -> that step
  skipped, the reason in its output. A rule that selected nothing -> one scenario with every
  step skipped.
Passed scenarios are always listed: in a BDD report the passing scenarios are the evidence.
With several inputs a scenario's name says which input it judged (`[<input>] <address>`).
Every value taken from the input (plan values, policy text) is escaped with
`display.escape_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sespolicy.display import escape_text
from sespolicy.findings import Finding, Report, RuleInfo, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    PolicyLocation,
    RuleFindings,
    compact_json,
    escape_lines,
    group_by_rule,
    related_lines,
    remediation_line,
    resource_lines,
    several_inputs,
)

_STEP_KEYWORDS = ("Given", "When", "Then", "And", "But", "*")
_SCENARIO_LINE = re.compile(r"^\s*Scenario( Outline)?:")


@dataclass(frozen=True)
class GherkinStep:
    keyword: str  # with its trailing space, as Cucumber writes it: "Given "
    text: str
    line: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _split_step(line: str) -> tuple[str, str] | None:
    stripped = line.strip()
    for keyword in _STEP_KEYWORDS:
        if stripped.startswith(keyword + " "):
            return keyword + " ", stripped[len(keyword) + 1 :]
    return None


def gherkin_steps(rule: RuleInfo) -> list[GherkinStep]:
    """The rule's steps with file line numbers, counted from the scenario line in the policy."""
    scenario_line = PolicyLocation.parse(rule.policy).line
    lines = rule.gherkin.splitlines()
    anchor = next((i for i, line in enumerate(lines) if _SCENARIO_LINE.match(line)), -1)
    steps = []
    for index, line in enumerate(lines):
        split = _split_step(line)
        if split is not None:
            keyword, text = split
            steps.append(GherkinStep(keyword, text, scenario_line + index - anchor))
    if rule.step_lines and len(rule.step_lines) == len(steps):
        # The catalog knows each step's own line (descriptions and Background included).
        steps = [
            GherkinStep(step.keyword, step.text, line)
            for step, line in zip(steps, rule.step_lines, strict=True)
        ]
    if not steps:
        steps.append(GherkinStep("Then ", rule.title, scenario_line))
    return steps


def _gherkin_tags(rule: RuleInfo) -> list[str]:
    found = []
    for line in rule.gherkin.splitlines():
        if _SCENARIO_LINE.match(line):
            break
        found.extend(word for word in line.split() if word.startswith("@"))
    return found


def _tags(rule: RuleInfo, line: int) -> list[dict[str, Any]]:
    names = [f"@{rule.rule_id}", f"@severity:{rule.severity.value}"]
    names += [tag if tag.startswith("@") else f"@{tag}" for tag in rule.tags]
    names += _gherkin_tags(rule)
    # Tags sit on the line above the scenario in the policy file.
    return [
        {"name": escape_text(name), "line": max(line - 1, 1)} for name in dict.fromkeys(names)
    ]


def _first_assertion(steps: list[GherkinStep]) -> int:
    """Index of the step that judged: the first Then (the last step if there is none)."""
    return next(
        (i for i, step in enumerate(steps) if step.keyword == "Then "), len(steps) - 1
    )


def _details(finding: Finding) -> str:
    lines = [escape_text(finding.message), *resource_lines(finding), *related_lines(finding)]
    if finding.remediation:
        lines.append(remediation_line(finding))
    return "\n".join(lines)


def _judging_result(finding: Finding | None, options: ReportOptions) -> dict[str, Any]:
    """Result of the step that judged, and what it says about the finding."""
    if finding is None:
        return {"status": "skipped", "output": ["not applicable: no resource was selected"]}
    if finding.waived_by:
        waived = f"waived: {escape_text(finding.waived_by)}"
        return {"status": "skipped", "output": [waived, _details(finding)]}
    if finding.status is Status.FAIL:
        return {"status": "failed", "error_message": _details(finding)}
    if finding.status is Status.UNKNOWN:
        if options.strict:
            return {"status": "failed", "error_message": "unknown: " + _details(finding)}
        return {"status": "skipped", "output": ["unknown: " + _details(finding)]}
    return {"status": "passed"}


@dataclass(frozen=True)
class _ScenarioTemplate:
    """What every scenario of one rule shares; built once per rule, not once per resource."""

    rule: RuleInfo
    line: int
    steps: tuple[GherkinStep, ...]
    judging: int
    tags: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, rule: RuleInfo) -> _ScenarioTemplate:
        line = PolicyLocation.parse(rule.policy).line
        steps = gherkin_steps(rule)
        return cls(rule, line, tuple(steps), _first_assertion(steps), tuple(_tags(rule, line)))


def _steps(
    template: _ScenarioTemplate, finding: Finding | None, options: ReportOptions
) -> list[dict[str, Any]]:
    judged = _judging_result(finding, options)
    rendered = []
    for index, step in enumerate(template.steps):
        if index < template.judging:
            status = "skipped" if finding is None else "passed"
        elif index == template.judging:
            status = judged["status"]
        else:
            status = "passed" if judged["status"] == "passed" else "skipped"
        entry: dict[str, Any] = {
            "keyword": step.keyword,
            "name": escape_text(step.text),
            "line": step.line,
            "match": {"location": escape_text(template.rule.policy)},
            "result": {"status": status, "duration": 0},
        }
        if index == template.judging:
            if "error_message" in judged:
                entry["result"]["error_message"] = judged["error_message"]
            if "output" in judged:
                entry["output"] = judged["output"]
        rendered.append(entry)
    return rendered


def _element(
    feature_id: str,
    template: _ScenarioTemplate,
    finding: Finding | None,
    options: ReportOptions,
    with_input: bool,
) -> dict[str, Any]:
    rule = template.rule
    subject = finding.address if finding is not None else "no resources selected"
    judged = f"[{subject}]"
    if with_input and finding is not None:
        judged = f"[{finding.input}] {judged}"
    return {
        "id": f"{feature_id};{_slug(rule.rule_id)};{_slug(judged)}",
        "keyword": "Scenario",
        "name": escape_text(f"{rule.rule_id} {rule.title} {judged}"),
        "description": escape_lines(rule.description),
        "line": template.line,
        "type": "scenario",
        "tags": list(template.tags),
        "steps": _steps(template, finding, options),
    }


def _feature(
    uri: str, groups: list[RuleFindings], options: ReportOptions, with_input: bool
) -> dict[str, Any]:
    feature_id = _slug(uri)
    elements = []
    for group in groups:
        template = _ScenarioTemplate.of(group.rule)
        if not group.findings:
            elements.append(_element(feature_id, template, None, options, with_input))
        for finding in group.findings:
            elements.append(_element(feature_id, template, finding, options, with_input))
    rule_ids = ", ".join(group.rule.rule_id for group in groups)
    return {
        "uri": escape_text(uri),
        "id": feature_id,
        "keyword": "Feature",
        "name": escape_text(uri.rsplit("/", 1)[-1].removesuffix(".feature")),
        "description": escape_text(f"Rules: {rule_ids}"),
        "line": 1,
        "tags": [],
        "elements": elements,
    }


@register_reporter("cucumber")
def render_cucumber(report: Report, options: ReportOptions) -> str:
    """Cucumber JSON for BDD report tools."""
    by_file: dict[str, list[RuleFindings]] = {}
    for group in group_by_rule(report):
        uri = PolicyLocation.parse(group.rule.policy).file
        by_file.setdefault(uri, []).append(group)
    with_input = several_inputs(report)
    features = [
        _feature(uri, groups, options, with_input) for uri, groups in sorted(by_file.items())
    ]
    return compact_json(features)
