"""The default, human format: findings grouped by rule, a summary line at the end.

Passed findings and not-applicable rules appear only with show_passed; waived findings always
appear (as WAIVED, with the reason) so an accepted risk stays visible. A failure below --fail-on
and an unknown under --strict say so, since their effect on the exit code is not obvious. ANSI
colour only when options.color is set: the CLI decides that (a TTY and no NO_COLOR). Control
characters in user data are shown escaped, never sent to the terminal.
"""

from __future__ import annotations

import re

from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import RuleFindings, group_by_rule, region_label

_RESET = "\x1b[0m"
_STYLES = {
    "FAIL": "\x1b[1;31m",
    "UNKNOWN": "\x1b[1;33m",
    "PASS": "\x1b[32m",
    "WAIVED": "\x1b[36m",
    "N/A": "\x1b[2m",
    "rule": "\x1b[1m",
    "dim": "\x1b[2m",
}
_LABELS = {
    Status.FAIL: "FAIL",
    Status.UNKNOWN: "UNKNOWN",
    Status.PASS: "PASS",
    Status.NOT_APPLICABLE: "N/A",
}
# Continuation lines line up under the address, past the widest label.
_INDENT = " " * 12


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        if not self.enabled:
            return text
        return f"{_STYLES[style]}{text}{_RESET}"


# User data (addresses, messages) must not steer the terminal: control characters are shown
# escaped, and a line break continues on an indented line instead of breaking the layout.
_CONTROL_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _escape_control(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def _clean(text: str) -> str:
    text = _CONTROL_CHARACTER.sub(_escape_control, text)
    return text.replace("\n", "\n" + _INDENT) if "\n" in text else text


def _label(finding: Finding) -> str:
    return "WAIVED" if finding.waived_by else _LABELS[finding.status]


def _is_shown(finding: Finding, options: ReportOptions) -> bool:
    if finding.waived_by:
        return True
    return finding.status is not Status.PASS or options.show_passed


def _gate_note(finding: Finding, options: ReportOptions) -> str | None:
    """Say when a verdict and the exit code disagree, so nobody wonders why CI stayed green."""
    if finding.waived_by:
        return None
    if options.failing is not None:
        fails = (finding.rule_id, finding.address) in options.failing
        if finding.status is Status.FAIL and not fails:
            if finding.severity.rank < options.fail_on.rank:
                return f"below --fail-on {options.fail_on.value}: does not fail the run"
            return "its enforcement level does not fail the run"
        if finding.status is Status.FAIL and finding.severity.rank < options.fail_on.rank:
            return "its enforcement level fails the run despite --fail-on"
        if finding.status is Status.UNKNOWN and fails:
            return "--strict: counts as a failure"
        return None
    if finding.status is Status.FAIL and finding.severity.rank < options.fail_on.rank:
        return f"below --fail-on {options.fail_on.value}: does not fail the run"
    if finding.status is Status.UNKNOWN and options.strict:
        return "--strict: counts as a failure"
    return None


def _finding_lines(finding: Finding, options: ReportOptions, paint: _Painter) -> list[str]:
    label = _label(finding)
    lines = [
        f"  {paint(label, label.ljust(9))} {_clean(finding.address)}",
        f"{_INDENT}Region: {_clean(region_label(finding.region))} "
        + paint("dim", f"({_clean(finding.region_source)})"),
    ]
    if finding.source is not None:
        lines.append(f"{_INDENT}source: {_clean(finding.source.file)}:{finding.source.line}")
    for related in finding.related:
        via = f" via {_clean(related.attribute)}" if related.attribute else ""
        region = _clean(region_label(related.region))
        lines.append(f"{_INDENT}related: {_clean(related.address)}{via} (Region: {region})")
    lines.append(f"{_INDENT}{_clean(finding.message)}")
    if finding.waived_by:
        lines.append(f"{_INDENT}waived: {_clean(finding.waived_by)}")
    elif finding.remediation and finding.status is not Status.PASS:
        lines.append(f"{_INDENT}fix: {_clean(finding.remediation)}")
    lines.append(f"{_INDENT}" + paint("dim", f"policy: {_clean(finding.policy)}"))
    gate_note = _gate_note(finding, options)
    if gate_note is not None:
        lines.append(f"{_INDENT}" + paint("dim", gate_note))
    return lines


def _rule_block(group: RuleFindings, options: ReportOptions, paint: _Painter) -> list[str]:
    shown = [finding for finding in group.findings if _is_shown(finding, options)]
    if not shown and not (options.show_passed and group.verdict is Status.NOT_APPLICABLE):
        return []
    rule = group.rule
    header = f"{rule.rule_id}  {rule.severity.value.upper()}  {_clean(rule.title)}"
    lines = [paint("rule", header)]
    if not shown:
        lines.append(f"  {paint('N/A', 'N/A'.ljust(9))} no resource in this plan was selected")
    for finding in shown:
        lines.extend(_finding_lines(finding, options, paint))
    return lines


def summary_line(report: Report) -> str:
    summary = report.summary
    line = (
        f"{summary.rules} rules: {summary.passed} passed, {summary.failed} failed, "
        f"{summary.unknown} unknown, {summary.not_applicable} not applicable"
    )
    return f"{line}; {summary.waived} waived"


@register_reporter("text")
def render_text(report: Report, options: ReportOptions) -> str:
    """Human-readable findings grouped by rule (the default)."""
    paint = _Painter(options.color)
    blocks = [_rule_block(group, options, paint) for group in group_by_rule(report)]
    lines: list[str] = []
    for block in blocks:
        if block:
            lines.extend(block)
            lines.append("")
    lines.extend(f"note: {_clean(note)}" for note in report.notes)
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
