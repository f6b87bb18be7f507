"""The default, human format: findings grouped by rule (and by input when there are several),
a summary line at the end.

Passed findings appear only with show_passed, rules that selected nothing only with
show_not_applicable; waived findings always appear (as WAIVED, with the reason) so an accepted
risk stays visible. A failure says how to fix it; an unknown says why it is unknown once and
what would make it decidable. A failure below --fail-on and an unknown under --strict say so,
since their effect on the exit code is not obvious. ANSI colour only when options.color is set
(the CLI decides: a TTY and no NO_COLOR). Every value from the input goes through
`display.escape_text`: a newline or escape sequence in a plan can never start a line of its
own in a CI log or steer the terminal.
"""

from __future__ import annotations

from sespolicy.display import escape_text
from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    RuleFindings,
    group_by_rule,
    region_label,
    remediation_line,
    reports_by_input,
)

_RESET = "\x1b[0m"
_STYLES = {
    "FAIL": "\x1b[1;31m",
    "UNKNOWN": "\x1b[1;33m",
    "PASS": "\x1b[32m",
    "WAIVED": "\x1b[36m",
    "N/A": "\x1b[2m",
    "rule": "\x1b[1m",
    "input": "\x1b[1;4m",
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
_UNKNOWN_PREFIX = "unknown: "


class _Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        if not self.enabled:
            return text
        return f"{_STYLES[style]}{text}{_RESET}"


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
        fails = finding.key in options.failing
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


def _region_line(finding: Finding, paint: _Painter) -> str:
    """The Region and why; an unknown Region's reason only when the message does not give it."""
    provenance = finding.region_source
    reason = provenance.removeprefix(_UNKNOWN_PREFIX)
    if finding.region is None and reason and reason in finding.message:
        return f"{_INDENT}Region: unknown"
    return (
        f"{_INDENT}Region: {escape_text(region_label(finding.region))} "
        + paint("dim", f"({escape_text(provenance)})")
    )


def _advice(finding: Finding) -> str | None:
    """What to do: fix a failure, or make an unknown decidable; nothing for a waived one."""
    if finding.waived_by:
        return f"waived: {escape_text(finding.waived_by)}"
    if not finding.remediation or finding.status is Status.PASS:
        return None
    return remediation_line(finding)


def _finding_lines(finding: Finding, options: ReportOptions, paint: _Painter) -> list[str]:
    label = _label(finding)
    lines = [
        f"  {paint(label, label.ljust(9))} {escape_text(finding.address)}",
        _region_line(finding, paint),
    ]
    if finding.source is not None:
        lines.append(f"{_INDENT}source: {escape_text(finding.source.file)}:{finding.source.line}")
    for related in finding.related:
        via = f" via {escape_text(related.attribute)}" if related.attribute else ""
        region = escape_text(region_label(related.region))
        elsewhere = (
            f" in {escape_text(related.input)}"
            if related.input and related.input != finding.input
            else ""
        )
        lines.append(
            f"{_INDENT}related: {escape_text(related.address)}{via}{elsewhere} (Region: {region})"
        )
    lines.append(f"{_INDENT}{escape_text(finding.message)}")
    advice = _advice(finding)
    if advice is not None:
        lines.append(f"{_INDENT}{advice}")
    lines.append(f"{_INDENT}" + paint("dim", f"policy: {escape_text(finding.policy)}"))
    gate_note = _gate_note(finding, options)
    if gate_note is not None:
        lines.append(f"{_INDENT}" + paint("dim", gate_note))
    return lines


def _rule_block(group: RuleFindings, options: ReportOptions, paint: _Painter) -> list[str]:
    shown = [finding for finding in group.findings if _is_shown(finding, options)]
    not_applicable = group.verdict is Status.NOT_APPLICABLE and not group.findings
    if not shown and not (options.show_not_applicable and not_applicable):
        return []
    rule = group.rule
    header = f"{rule.rule_id}  {rule.severity.value.upper()}  {escape_text(rule.title)}"
    lines = [paint("rule", header)]
    if not shown:
        lines.append(f"  {paint('N/A', 'N/A'.ljust(9))} no resource in this plan was selected")
    for finding in shown:
        lines.extend(_finding_lines(finding, options, paint))
    return lines


def _rule_blocks(report: Report, options: ReportOptions, paint: _Painter) -> list[str]:
    lines: list[str] = []
    for group in group_by_rule(report):
        block = _rule_block(group, options, paint)
        if block:
            lines.extend(block)
            lines.append("")
    return lines


def summary_line(report: Report) -> str:
    """Rules by verdict; waived rules (passing only because a finding was accepted) apart."""
    summary = report.summary
    line = (
        f"{summary.rules} rules: {summary.failed} failed, {summary.unknown} unknown, "
        f"{summary.waived} waived, {summary.passed} passed, "
        f"{summary.not_applicable} not applicable"
    )
    if summary.waived_findings:
        plural = "s" if summary.waived_findings != 1 else ""
        line += f" ({summary.waived_findings} finding{plural} waived)"
    return line


def _input_header(name: str, report: Report, paint: _Painter) -> str:
    plan = next((plan for plan in report.plans if plan.input == name), None)
    detail = ""
    if plan is not None and plan.label:
        detail = f" ({plan.kind} {escape_text(plan.source)})"
    elif plan is not None:
        detail = f" ({plan.kind})"
    return paint("input", f"Input {escape_text(name)}") + detail


@register_reporter("text")
def render_text(report: Report, options: ReportOptions) -> str:
    """Human-readable findings grouped by rule (the default)."""
    paint = _Painter(options.color)
    lines: list[str] = []
    parts = reports_by_input(report)
    if len(parts) > 1:
        for name, part in parts:
            lines.append(_input_header(name, report, paint))
            blocks = _rule_blocks(part, options, paint)
            lines.extend(blocks or ["  nothing failed or unknown", ""])
    else:
        lines.extend(_rule_blocks(report, options, paint))
    lines.extend(
        f"note: {escape_text(note)}" for note in report.notes if note not in options.hidden_notes
    )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
