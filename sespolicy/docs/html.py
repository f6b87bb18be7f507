"""The catalog as one self-contained HTML page: inline CSS, no script, no external resource.

Everything that comes from a feature file or the step registry is escaped; only the fixed
markup written here is not.
"""

from __future__ import annotations

from html import escape

from sespolicy.docs.model import CatalogDoc, FamilyDoc, RuleDoc, StepDoc
from sespolicy.docs.text import (
    GENERATED,
    HOW_TO_READ,
    KIND_TITLES,
    STEPS_INTRO,
    TITLE,
    anchor,
    counts_line,
    scenario_text,
)

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0 auto; max-width: 60rem;
       padding: 1.5rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; margin-top: 2.5rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left;
         vertical-align: top; }
th { background: #f6f8fa; }
code, pre { font: 13px/1.45 ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .8rem; overflow-x: auto; border-radius: 6px; }
.rule { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1rem; margin: 1rem 0; }
.meta { color: #59636e; }
.severity { display: inline-block; padding: 0 .5rem; border-radius: 1rem; color: #fff;
            font-size: 12px; font-weight: 600; text-transform: uppercase; }
.severity-critical { background: #82071e; }
.severity-high { background: #cf222e; }
.severity-medium { background: #9a6700; }
.severity-low { background: #0969da; }
.severity-info { background: #59636e; }
@media print { .rule { break-inside: avoid; } }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _paragraphs(text: str) -> str:
    blocks = [block.strip() for block in text.strip().split("\n\n") if block.strip()]
    return "".join(f"<p>{_e(' '.join(block.split()))}</p>" for block in blocks)


def _badge(rule: RuleDoc) -> str:
    level = rule.severity.value
    return f'<span class="severity severity-{_e(level)}">{_e(level)}</span>'


def _contents(doc: CatalogDoc) -> str:
    rows = "".join(
        f'<tr><td><a href="#{_e(anchor(rule.rule_id))}">{_e(rule.rule_id)}</a></td>'
        f"<td>{_badge(rule)}</td><td>{_e(rule.title)}</td></tr>"
        for rule in doc.rules
    )
    return (
        '<section id="contents"><h2>Contents</h2><table>'
        "<thead><tr><th>Rule</th><th>Severity</th><th>Title</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _rule(rule: RuleDoc) -> str:
    scenarios = "".join(
        f"<pre>{_e(scenario_text(rule, scenario))}</pre>" for scenario in rule.scenarios
    )
    return (
        f'<article class="rule" id="{_e(anchor(rule.rule_id))}">'
        f"<h3>{_e(rule.rule_id)} {_badge(rule)}</h3>"
        f"<p><strong>{_e(rule.title)}</strong></p>"
        f'<p class="meta">Source: <code>{_e(rule.location)}</code></p>'
        f"{_paragraphs(rule.description)}{scenarios}</article>"
    )


def _family(family: FamilyDoc) -> str:
    ids = ", ".join(f"<code>{_e(name)}</code>" for name in family.families)
    rules = "".join(_rule(rule) for rule in family.rules)
    return (
        f"<section><h2>{_e(family.name)}</h2>"
        f'<p class="meta">Family {ids}, defined in <code>{_e(family.source)}</code>.</p>'
        f"{_paragraphs(family.description)}{rules}</section>"
    )


def _steps(steps: tuple[StepDoc, ...]) -> str:
    parts = [f'<section id="steps"><h2>Appendix: step vocabulary</h2><p>{_e(STEPS_INTRO)}</p>']
    for kind, title in KIND_TITLES.items():
        of_kind = [step for step in steps if step.kind == kind]
        if not of_kind:
            continue
        rows = "".join(
            f"<tr><td><code>{_e(title)} {_e(step.pattern)}</code></td><td>{_e(step.summary)}</td>"
            f"<td>{_e(', '.join(step.used_by) or '(none)')}</td></tr>"
            for step in of_kind
        )
        parts.append(
            f"<h3>{_e(title)} steps</h3><table><thead><tr><th>Step</th><th>Meaning</th>"
            f"<th>Used by</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    parts.append("</section>")
    return "".join(parts)


def render_html(doc: CatalogDoc) -> str:
    body = "\n".join(
        [
            f"<h1>{_e(TITLE)}</h1>",
            f'<p class="meta">{_e(GENERATED)}</p>',
            f"<p>{_e(counts_line(doc))}</p>",
            f"<p>{_e(HOW_TO_READ)}</p>",
            _contents(doc),
            *(_family(family) for family in doc.families),
            _steps(doc.steps),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(TITLE)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
