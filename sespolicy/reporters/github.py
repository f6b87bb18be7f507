"""GitHub Actions workflow commands: annotations on the run and, with a source, on the file.

- fail -> `::error`, unknown -> `::warning`, waived -> `::notice` (passes are never annotated:
  GitHub caps annotations per step, and they should go to what needs attention).
- `file=`/`line=`/`endLine=` only when the finding knows its Terraform source; `title=` is the
  rule id.
- GitHub's escaping rules: in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a
  property value also `:` and `,` (`%3A`, `%2C`), which would otherwise end the value.
- the last line is a plain summary line (not a command), shown in the log.
"""

from __future__ import annotations

from sespolicy.findings import Finding, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import is_reportable, region_label, sorted_findings
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


def _message(finding: Finding) -> str:
    # Name the resource unless the message already does (the engine's messages usually do).
    region = f"(Region: {region_label(finding.region)})"
    if finding.address in finding.message:
        parts = [f"{finding.message} {region}"]
    else:
        parts = [f"{finding.address} {region}: {finding.message}"]
    if finding.waived_by:
        parts.append(f"Waived: {finding.waived_by}")
    elif finding.remediation:
        parts.append(f"Fix: {finding.remediation}")
    parts.append(f"Policy: {finding.policy}")
    return "\n".join(parts)


def _annotation(command: str, finding: Finding) -> str:
    properties: list[tuple[str, str]] = []
    if finding.source is not None:
        properties.append(("file", finding.source.file))
        properties.append(("line", str(finding.source.line)))
        if finding.source.end_line is not None:
            properties.append(("endLine", str(finding.source.end_line)))
    properties.append(("title", finding.rule_id))
    rendered = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{command} {rendered}::{escape_data(_message(finding))}"


@register_reporter("github")
def render_github(report: Report, options: ReportOptions) -> str:
    """GitHub Actions annotations (::error / ::warning / ::notice)."""
    lines = []
    for finding in sorted_findings(report.findings):
        command = _command(finding) if is_reportable(finding) else None
        if command is not None:
            lines.append(_annotation(command, finding))
    lines.append(f"sespolicy: {summary_line(report)}")
    return "\n".join(lines) + "\n"
