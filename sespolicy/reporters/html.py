"""One self-contained HTML page for auditors: what was checked, against which rules, and why.

Read top to bottom in the order a reader acts: the summary, then the failed rules, the unknown
ones, the waived ones and the passed ones (most severe first within each), then one line
listing the rules that selected nothing (not applicable, collapsed), then an inline SVG of the
Regions (one box per Region with its resources; in red each cross-Region reference that broke a
rule, waived ones dashed grey), the inputs' identity (Terraform version, timestamp, sha256),
the waivers applied and the notes. Every finding is a row, passes included (hidden until "show
passed" is ticked unless show_passed was given: they are the evidence); with several inputs
each row names its input.

Resource addresses wrap only between their parts (`module.mail.` | `aws_sns_topic.` | `x`),
never inside a name. Everything is inline (CSS, a few lines of JS, SVG) and a
Content-Security-Policy forbids any fetch, so the file can be archived and opened offline years
later. All user data is escaped twice over: `display.escape_text` (control characters, lone
surrogates), then HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from sespolicy.display import escape_text
from sespolicy.findings import Finding, PlanInfo, Report, Status
from sespolicy.reporters import ReportOptions, register_reporter
from sespolicy.reporters._shared import (
    RuleFindings,
    escape_lines,
    group_by_rule,
    is_reportable,
    region_label,
    remediation_label,
    several_inputs,
    sorted_findings,
)
from sespolicy.reporters.text import summary_line

_VERDICT_LABELS = {
    Status.FAIL: "FAIL",
    Status.UNKNOWN: "UNKNOWN",
    Status.PASS: "PASS",
    Status.NOT_APPLICABLE: "NOT APPLICABLE",
}

_CSS = """
:root { --fail: #b3261e; --unknown: #8a5a00; --pass: #1e6b34; --na: #5f6368; --waived: #3b5ba9;
  --line: #d0d4d9; font-family: system-ui, sans-serif; color: #1f2328; }
body { margin: 0 auto; max-width: 1200px; padding: 1rem 2rem 4rem; }
h1 { margin-bottom: 0; } .generated { color: var(--na); margin-top: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; font-size: .9rem; }
th { background: #f4f5f7; }
code, pre, .address { font-family: ui-monospace, monospace; font-size: .85rem; }
.address { overflow-wrap: normal; word-break: normal; }
.address .part { white-space: nowrap; }
details.not-applicable { margin: 1rem 0; color: var(--na); }
pre.gherkin { background: #f6f8fa; border-left: 4px solid var(--line); padding: .5rem 1rem;
  white-space: pre-wrap; }
.rule { border: 1px solid var(--line); border-radius: 6px; padding: 0 1rem; margin: 1rem 0; }
.badge { display: inline-block; border-radius: 4px; padding: 0 .4rem; color: #fff;
  font-size: .8rem; font-weight: 600; vertical-align: middle; }
.badge.fail { background: var(--fail); } .badge.unknown { background: var(--unknown); }
.badge.pass { background: var(--pass); } .badge.not_applicable { background: var(--na); }
.badge.waived { background: var(--waived); }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 7rem; }
.card strong { display: block; font-size: 1.6rem; }
.controls { margin: .5rem 0; display: flex; gap: 1rem; align-items: center; }
.regions svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
.muted { color: var(--na); }
"""

# Filtering only; the page is complete without it. body[data-ready] tells a test that the
# script ran to its end.
_SCRIPT = """
(function () {
  "use strict";
  var filter = document.getElementById("filter");
  var showPassed = document.getElementById("show-passed");
  var counter = document.getElementById("shown-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  function apply() {
    var needle = filter.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var passed = row.getAttribute("data-status") === "pass";
      var matches = needle === "" || row.textContent.toLowerCase().indexOf(needle) !== -1;
      row.hidden = !matches || (passed && !showPassed.checked);
      if (!row.hidden) { shown += 1; }
    });
    counter.textContent = String(shown);
  }
  filter.addEventListener("input", apply);
  showPassed.addEventListener("change", apply);
  apply();
  document.body.setAttribute("data-ready", "true");
})();
"""

_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
)


def _e(text: object) -> str:
    return escape(escape_text(str(text)), quote=True)


def _e_lines(text: str) -> str:
    """Multi-line policy text (Gherkin): escaped line by line, line breaks kept for <pre>."""
    return escape(escape_lines(text), quote=True)


# A break is allowed after a `.`, `:` or `/` that separates two parts of an address (never
# inside brackets or quotes): `module.mail["a.b"].aws_sns_topic.x` breaks only between parts.
_ADDRESS_PART = re.compile(r'(?:"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^.:/"\[])*[.:/]?')


def _address(address: str) -> str:
    """An address whose parts never break inside; `<wbr>` between them."""
    text = escape_text(address)
    parts = [part for part in _ADDRESS_PART.findall(text) if part]
    if "".join(parts) != text:  # not address-shaped (an unclosed bracket): keep it whole
        parts = [text]
    inner = "<wbr>".join(f'<span class="part">{escape(part, quote=True)}</span>' for part in parts)
    return f'<span class="address">{inner}</span>'


def _status_of(finding: Finding) -> str:
    return "waived" if finding.waived_by else finding.status.value


def _plan_section(plans: tuple[PlanInfo, ...]) -> str:
    if not plans:
        return '<section id="plans"><h2>Plan</h2><p class="muted">No plan identity recorded.</p>' \
            "</section>"
    rows = "".join(
        "<tr>"
        f"<td>{_e(plan.input)}</td>"
        f"<td><code>{_e(plan.source)}</code></td><td>{_e(plan.kind)}</td>"
        f"<td>{_e(plan.format_version or '-')}</td><td>{_e(plan.terraform_version or '-')}</td>"
        f"<td>{_e(plan.timestamp or '-')}</td><td><code>{_e(plan.sha256 or '-')}</code></td>"
        "</tr>"
        for plan in plans
    )
    return (
        '<section id="plans"><h2>Plan</h2><table><thead><tr><th>input</th><th>kind</th>'
        "<th>format version</th><th>Terraform version</th><th>timestamp</th>"
        f"<th>input sha256</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _summary_section(report: Report) -> str:
    summary = report.summary
    cards = [
        ("rules", summary.rules),
        ("failed", summary.failed),
        ("unknown", summary.unknown),
        ("waived", summary.waived),
        ("passed", summary.passed),
        ("not applicable", summary.not_applicable),
    ]
    rendered = "".join(
        f'<div class="card" data-count="{_e(name)}"><strong>{value}</strong>{_e(name)}</div>'
        for name, value in cards
    )
    return (
        f'<section id="summary"><h2>Summary</h2><div class="cards">{rendered}</div>'
        f'<p class="summary-line">{_e(summary_line(report).strip())}</p></section>'
    )


def _related_cell(finding: Finding) -> str:
    if not finding.related:
        return '<span class="muted">-</span>'
    items = "".join(
        f"<li>{_address(related.address)}"
        + (
            f' <span class="input">in {_e(related.input)}</span>'
            if related.input and related.input != finding.input
            else ""
        )
        + (f" via <code>{_e(related.attribute)}</code>" if related.attribute else "")
        + f" (Region: {_e(region_label(related.region))})</li>"
        for related in finding.related
    )
    return f"<ul>{items}</ul>"


def _finding_row(finding: Finding, options: ReportOptions, with_input: bool) -> str:
    status = _status_of(finding)
    hidden = " hidden" if status == "pass" and not options.show_passed else ""
    source = (
        f"<br><code>{_e(finding.source.file)}:{finding.source.line}</code>"
        if finding.source is not None
        else ""
    )
    if finding.waived_by:
        outcome = f"<strong>waived:</strong> {_e(finding.waived_by)}"
    elif finding.remediation and finding.status is not Status.PASS:
        outcome = f"<strong>{remediation_label(finding)}:</strong> {_e(finding.remediation)}"
    else:
        outcome = ""
    input_name = f'<span class="input">{_e(finding.input)}</span><br>' if with_input else ""
    return (
        f'<tr class="finding" data-status="{_e(status)}" data-rule="{_e(finding.rule_id)}"'
        f' data-input="{_e(finding.input)}" data-address="{_e(finding.address)}"{hidden}>'
        f'<td><span class="badge {_e(status)}">{_e(status.upper())}</span></td>'
        f"<td>{input_name}{_address(finding.address)}{source}</td>"
        f"<td>{_e(region_label(finding.region))}<br>"
        f'<span class="muted">{_e(finding.region_source)}</span></td>'
        f"<td>{_related_cell(finding)}</td>"
        f"<td>{_e(finding.message)}<br>{outcome}</td>"
        "</tr>"
    )


def _verdict(group: RuleFindings) -> str:
    """The rule's verdict as the page shows it: a pass that rests on a waiver is "waived"."""
    waived = any(finding.waived_by for finding in group.findings)
    return "waived" if group.verdict is Status.PASS and waived else group.verdict.value


def _rule_article(group: RuleFindings, options: ReportOptions, with_input: bool) -> str:
    rule = group.rule
    verdict = _verdict(group)
    waived = any(finding.waived_by for finding in group.findings)
    label = _VERDICT_LABELS.get(group.verdict, "") if verdict != "waived" else "WAIVED"
    if waived and verdict != "waived":
        label += " (with waivers)"
    gherkin = (
        f'<pre class="gherkin">{_e_lines(rule.gherkin.rstrip())}</pre>'
        if rule.gherkin
        else '<p class="muted">No Gherkin text recorded for this rule.</p>'
    )
    if group.findings:
        rows = "".join(_finding_row(finding, options, with_input) for finding in group.findings)
        findings = (
            "<table><thead><tr><th>status</th><th>resource</th><th>Region (why)</th>"
            "<th>related</th><th>message</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    else:
        findings = '<p class="muted">No resource in this plan was selected by this rule.</p>'
    return (
        f'<article class="rule" id="rule-{_e(rule.rule_id)}" data-rule="{_e(rule.rule_id)}"'
        f' data-verdict="{_e(verdict)}">'
        f"<h3>{_e(rule.rule_id)} {_e(rule.title)} "
        f'<span class="badge {_e(verdict)}">{_e(label)}</span></h3>'
        f"<p>severity <strong>{_e(rule.severity.value)}</strong>, family {_e(rule.family)},"
        f" policy <code>{_e(rule.policy)}</code></p>"
        f"<p>{_e_lines(rule.description)}</p>{gherkin}{findings}</article>"
    )


def _waiver_section(report: Report) -> str:
    waived = [finding for finding in sorted_findings(report.findings) if finding.waived_by]
    if not waived:
        return '<section id="waivers"><h2>Waivers applied</h2><p class="muted">None.</p></section>'
    rows = "".join(
        f'<tr class="waiver"><td>{_e(finding.rule_id)}</td>'
        f"<td>{_address(finding.address)}</td>"
        f"<td>{_e(finding.status.value)}</td><td>{_e(finding.waived_by)}</td></tr>"
        for finding in waived
    )
    return (
        '<section id="waivers"><h2>Waivers applied</h2><table><thead><tr><th>rule</th>'
        "<th>resource</th><th>verdict waived</th><th>reason</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _notes_section(report: Report) -> str:
    if not report.notes:
        return ""
    items = "".join(f"<li>{_e(note)}</li>" for note in report.notes)
    return f'<section id="notes"><h2>Notes</h2><ul>{items}</ul></section>'


# --- the Region picture -------------------------------------------------------------------

_BOX_WIDTH = 360
_BOX_GAP = 60
_ROW_HEIGHT = 18
_BOX_HEADER = 30
_COLUMNS = 3
_MAX_LABEL = 46


@dataclass(frozen=True)
class _Placed:
    """Where one resource's label sits in the picture (left edge x, baseline y)."""

    x: int
    y: int


@dataclass(frozen=True)
class _CrossRegionEdge:
    source: str
    target: str
    waived: bool


_NO_REGION_BOX = "no Region (global or unknown)"


def _resource_regions(findings: list[Finding]) -> dict[str, str]:
    """Each resource address seen in a finding, with the Region the finding gave it."""
    regions: dict[str, str] = {}
    for finding in findings:
        regions.setdefault(finding.address, finding.region or _NO_REGION_BOX)
        for related in finding.related:
            regions.setdefault(related.address, related.region or _NO_REGION_BOX)
    return regions


def _broken_edges(findings: list[Finding]) -> list[_CrossRegionEdge]:
    edges = []
    for finding in findings:
        if finding.status is not Status.FAIL:
            continue
        for related in finding.related:
            if finding.region and related.region and finding.region != related.region:
                edges.append(
                    _CrossRegionEdge(finding.address, related.address, bool(finding.waived_by))
                )
    return list(dict.fromkeys(edges))


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "\u2026"


def _region_svg(report: Report) -> str:
    findings = [f for f in sorted_findings(report.findings) if is_reportable(f)]
    regions = _resource_regions(findings)
    if not regions:
        return '<p class="muted">No resources were judged.</p>'
    by_region: dict[str, list[str]] = {}
    for address, region in sorted(regions.items()):
        by_region.setdefault(region, []).append(address)
    boxes = sorted(by_region.items())

    placed: dict[str, _Placed] = {}
    parts: list[str] = []
    row_top = 20
    for row_start in range(0, len(boxes), _COLUMNS):
        row = boxes[row_start : row_start + _COLUMNS]
        row_height = max(len(addresses) for _, addresses in row) * _ROW_HEIGHT + _BOX_HEADER + 10
        for column, (region, addresses) in enumerate(row):
            x = 20 + column * (_BOX_WIDTH + _BOX_GAP)
            parts.append(
                f'<g class="region" data-region="{_e(region)}">'
                f'<rect x="{x}" y="{row_top}" width="{_BOX_WIDTH}" height="{row_height}"'
                ' rx="6" fill="#f6f8fa" stroke="#8c959f"/>'
                f'<text x="{x + 10}" y="{row_top + 20}" font-weight="bold">{_e(region)}</text>'
            )
            for index, address in enumerate(addresses):
                y = row_top + _BOX_HEADER + 14 + index * _ROW_HEIGHT
                placed[address] = _Placed(x, y)
                parts.append(
                    f'<text class="resource" x="{x + 14}" y="{y}" font-size="12"'
                    f' font-family="monospace" data-address="{_e(address)}">'
                    f"<title>{_e(address)}</title>{_e(_short(address))}</text>"
                )
            parts.append("</g>")
        row_top += row_height + _BOX_GAP

    for edge in _broken_edges(findings):
        start, end = placed[edge.source], placed[edge.target]
        # Leave from whichever side faces the target, so arrows do not cross their own box.
        going_right = end.x >= start.x
        x1 = start.x + (_BOX_WIDTH if going_right else 0)
        x2 = end.x + (0 if going_right else _BOX_WIDTH)
        y1, y2 = start.y - 4, end.y - 4
        bend = 60 if going_right else -60
        style = (
            'stroke="#8c959f" stroke-dasharray="6 4"'
            if edge.waived
            else 'stroke="#d1242f" marker-end="url(#arrow)"'
        )
        parts.append(
            f'<path class="{"waived-edge" if edge.waived else "broken-edge"}"'
            f' data-from="{_e(edge.source)}" data-to="{_e(edge.target)}"'
            f' d="M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"'
            f' fill="none" stroke-width="2" {style}>'
            f"<title>{_e(edge.source)} \u2192 {_e(edge.target)}</title></path>"
        )

    width = 20 + min(len(boxes), _COLUMNS) * (_BOX_WIDTH + _BOX_GAP)
    height = row_top - _BOX_GAP + 20
    defs = (
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8"'
        ' markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"'
        ' fill="#d1242f"/></marker></defs>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" role="img"'
        ' aria-label="Resources grouped by Region; red arrows are cross-Region references'
        ' that broke a rule">'
        f"{defs}{''.join(parts)}</svg>"
    )


def _regions_section(report: Report) -> str:
    return (
        '<section id="regions" class="regions"><h2>Regions</h2>'
        '<p class="muted">One box per Region. Red arrows: a reference from a resource to one'
        " in another Region that broke a rule; dashed grey: the same, waived.</p>"
        f"{_region_svg(report)}</section>"
    )


# Reading order of the rules: what needs action first.
_VERDICT_ORDER = ("fail", "unknown", "waived", "pass")


def _reading_order(group: RuleFindings) -> tuple[int, int, str]:
    return (_VERDICT_ORDER.index(_verdict(group)), -group.rule.severity.rank, group.rule.rule_id)


def _rules_section(report: Report, options: ReportOptions) -> str:
    checked = " checked" if options.show_passed else ""
    controls = (
        '<div class="controls"><label>Filter <input id="filter" type="search"'
        ' placeholder="address, rule, message"></label>'
        f'<label><input id="show-passed" type="checkbox"{checked}> show passed</label>'
        '<span><span id="shown-count"></span> findings shown</span></div>'
    )
    with_input = several_inputs(report)
    groups = group_by_rule(report)
    judged = sorted(
        (group for group in groups if group.verdict is not Status.NOT_APPLICABLE),
        key=_reading_order,
    )
    articles = "".join(_rule_article(group, options, with_input) for group in judged)
    idle = [group for group in groups if group.verdict is Status.NOT_APPLICABLE]
    if idle:
        opened = " open" if options.show_not_applicable else ""
        articles += (
            f'<details class="not-applicable" id="not-applicable"{opened}><summary>'
            f"{len(idle)} rule{'s' if len(idle) != 1 else ''} selected no resource (not "
            "applicable)</summary>"
            + "".join(_rule_article(group, options, with_input) for group in idle)
            + "</details>"
        )
    return f'<section id="rules"><h2>Rules</h2>{controls}{articles}</section>'


@register_reporter("html")
def render_html(report: Report, options: ReportOptions) -> str:
    """One self-contained HTML page for auditors."""
    body = "".join(
        [
            "<header><h1>sespolicy report</h1>"
            f'<p class="generated">Generated by sespolicy {_e(options.tool_version)}</p>'
            "</header>",
            _summary_section(report),
            _rules_section(report, options),
            _regions_section(report),
            _plan_section(report.plans),
            _waiver_section(report),
            _notes_section(report),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CONTENT_SECURITY_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>sespolicy report</title>"
        f"<style>{_CSS}</style></head>"
        f"<body>{body}<script>{_SCRIPT}</script></body></html>\n"
    )
