"""GitHub Actions workflow commands: annotations on the run and, with a source, on the file.

- fail -> `::error`, unknown -> `::warning`, waived -> `::notice` (passes are never annotated:
  GitHub caps annotations per step, and they should go to what needs attention).
- `file=`/`line=`/`endLine=` only when the finding knows its Terraform source; `title=` is the
  rule id.
- GitHub's escaping rules: in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a
  property value also `:` and `,` (`%3A`, `%2C`), which would otherwise end the value.
- the last line is a plain summary line (not a command), shown in the log.
- every value taken from the input goes through `display.escape_text` first (so an escape
  sequence or a line break in a plan is shown as text), then through GitHub's escaping; with
  several inputs each message says which input it belongs to, and `file=` points into that
  input's own configuration folder.
"""

from __future__ import annotations

from sespolicy.display import escape_text
from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    is_reportable,
    region_label,
    several_inputs,
    sorted_findings,
)
from sespolicy.reporters.text import summary_line


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(finding: Finding) -> str | None:
    if finding.waived_by:
        return "notice"
    if finding.status is Status.FAIL:
        return "error"
    if finding.status is Status.UNKNOWN:
        return "warning"
    return None


def _message(finding: Finding, with_input: bool) -> str:
    # Name the resource unless the message already does (the engine's messages usually do).
    address = escape_text(finding.address)
    message = escape_text(finding.message)
    region = f"(Region: {escape_text(region_label(finding.region))})"
    head = f"{message} {region}" if address in message else f"{address} {region}: {message}"
    if with_input:
        head = f"[{escape_text(finding.input)}] {head}"
    parts = [head]
    if finding.waived_by:
        parts.append(f"Waived: {escape_text(finding.waived_by)}")
    elif finding.remediation:
        label = "To decide" if finding.status is Status.UNKNOWN else "Fix"
        parts.append(f"{label}: {escape_text(finding.remediation)}")
    parts.append(f"Policy: {escape_text(finding.policy)}")
    return "\n".join(parts)


def _annotation(command: str, finding: Finding, with_input: bool) -> str:
    properties: list[tuple[str, str]] = []
    if finding.source is not None:
        properties.append(("file", finding.source.file))
        properties.append(("line", str(finding.source.line)))
        if finding.source.end_line is not None:
            properties.append(("endLine", str(finding.source.end_line)))
    properties.append(("title", finding.rule_id))
    rendered = ",".join(
        f"{name}={escape_property(escape_text(value))}" for name, value in properties
    )
    return f"::{command} {rendered}::{escape_data(_message(finding, with_input))}"


@register_reporter("github")
def render_github(report: Report, options: ReportOptions) -> str:
    """GitHub Actions annotations (::error / ::warning / ::notice)."""
    lines = []
    with_input = several_inputs(report)
    for finding in sorted_findings(report.findings):
        command = _command(finding) if is_reportable(finding) else None
        if command is not None:
            lines.append(_annotation(command, finding, with_input))
    lines.append(f"sespolicy: {summary_line(report)}")
    return "\n".join(lines) + "\n"
