"""The catalog as Markdown (CommonMark with GitHub tables): the committed docs/rules.md."""

from __future__ import annotations

import re

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

# Characters that start inline markup anywhere in a line. `_` is left alone between two letters
# or digits (as in resource type names), where CommonMark never reads it as emphasis.
_INLINE_MARKUP = re.compile(r"[\\`*\[\]<>|&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# What makes a line a heading, list item, quote, rule or code block when it starts a line.
_LINE_START_MARKUP = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")


def escape_inline(text: str) -> str:
    """Text that renders as itself: every character Markdown could read as markup escaped."""
    escaped = _INLINE_MARKUP.sub(lambda match: "\\" + match.group(0), text)
    return _LINE_START_MARKUP.sub(lambda m: m.group(1) + _escape_start(m.group(2)), escaped)


def _escape_start(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def paragraph(text: str) -> str:
    """A description: its lines kept, blank lines as paragraph breaks, all of it escaped."""
    return "\n".join(escape_inline(line.strip()) for line in text.strip().splitlines())


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def code_block(text: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def _cell(text: str) -> str:
    # A table cell is one line; escape_inline has already escaped `|`.
    return escape_inline(" ".join(text.split()))


def _contents(doc: CatalogDoc) -> list[str]:
    lines = ["## Contents", "", "| Rule | Severity | Title |", "| --- | --- | --- |"]
    for rule in doc.rules:
        lines.append(
            f"| [{rule.rule_id}](#{anchor(rule.rule_id)}) | {rule.severity.value} "
            f"| {_cell(rule.title)} |"
        )
    return lines


def _family(family: FamilyDoc) -> list[str]:
    lines = [f"## {escape_inline(family.name)}", ""]
    ids = ", ".join(code_span(name) for name in family.families)
    lines += [f"Family {ids}, defined in {code_span(family.source)}.", ""]
    if family.description:
        lines += [paragraph(family.description), ""]
    for rule in family.rules:
        lines += _rule(rule)
    return lines


def _rule(rule: RuleDoc) -> list[str]:
    lines = [
        f"### {rule.rule_id}",
        "",
        f"**{escape_inline(rule.title)}**",
        "",
        f"- Severity: **{rule.severity.value}**",
        f"- Source: {code_span(rule.location)}",
        "",
    ]
    if rule.description:
        lines += [paragraph(rule.description), ""]
    for scenario in rule.scenarios:
        lines += [code_block(scenario_text(rule, scenario), "gherkin"), ""]
    return lines


def _steps(steps: tuple[StepDoc, ...]) -> list[str]:
    lines = ["## Appendix: step vocabulary", "", STEPS_INTRO, ""]
    for kind, title in KIND_TITLES.items():
        of_kind = [step for step in steps if step.kind == kind]
        if not of_kind:
            continue
        lines += [f"### {title} steps", "", "| Step | Meaning | Used by |", "| --- | --- | --- |"]
        for step in of_kind:
            used = ", ".join(step.used_by) if step.used_by else "(none)"
            # GFM splits cells at `|` even inside code spans unless it is escaped.
            pattern = code_span(f"{title} {step.pattern}").replace("|", "\\|")
            lines.append(
                f"| {pattern} "
                f"| {_cell(step.summary)} | {used} |"
            )
        lines.append("")
    return lines


def render_markdown(doc: CatalogDoc) -> str:
    lines = [
        f"# {TITLE}",
        "",
        f"<!-- {GENERATED} -->",
        "",
        counts_line(doc),
        "",
        HOW_TO_READ,
        "",
    ]
    lines += _contents(doc)
    lines.append("")
    for family in doc.families:
        lines += _family(family)
    lines += _steps(doc.steps)
    return "\n".join(lines).rstrip("\n") + "\n"
