"""`sespolicy docs --format markdown`: every rule of the catalog, escaped, in a stable order."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from sespolicy.docs import build_catalog_doc, render
from sespolicy.docs.markdown import code_span, escape_inline
from sespolicy.errors import InputError
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.steps import REGISTRY


@pytest.fixture(scope="module")
def builtin_markdown() -> str:
    return render(build_catalog_doc(), "markdown")


def _rule_sections(markdown: str) -> dict[str, str]:
    """The text under each `### RULE-ID` heading, up to the next heading."""
    sections = {}
    for block in re.split(r"\n(?=#{2,3} )", markdown):
        heading = re.match(r"### ([A-Z][A-Z0-9-]*-[0-9]+)\n", block)
        if heading:
            sections[heading.group(1)] = block
    return sections


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_every_rule_has_a_section_with_severity_source_and_its_steps(builtin_markdown: str) -> None:
    sections = _rule_sections(builtin_markdown)
    rules = load_catalog()
    assert set(sections) == {rule.info.rule_id for rule in rules}
    for rule in rules:
        section = sections[rule.info.rule_id]
        assert f"- Severity: **{rule.info.severity.value}**" in section
        assert f"- Source: `{rule.info.policy}`" in section
        assert f"**{escape_inline(rule.info.title)}**" in section
        gherkin = re.search(r"```gherkin\n(.*?)\n```", section, re.S)
        assert gherkin is not None, f"{rule.info.rule_id} has no Gherkin block"
        assert [line.strip() for line in gherkin.group(1).splitlines()[2:]] == (
            rule.info.gherkin.splitlines()
        )


def test_each_feature_is_described_once_before_its_rules(builtin_markdown: str) -> None:
    families = sorted({rule.info.family for rule in load_catalog()})
    for family in families:
        heading = re.search(rf"^## {re.escape(family)} — .*$", builtin_markdown, re.M)
        assert heading is not None, f"no section for {family}"
        assert builtin_markdown.count(f"Family `{family}`") == 1
        first_rule = builtin_markdown.index(f"### {family}-")
        assert heading.start() < first_rule
    # The feature text is not repeated under each rule, unlike RuleInfo.description.
    assert builtin_markdown.count("Delegate senders can send only from the Region") == 1


def test_rules_with_their_own_description_show_it(builtin_markdown: str) -> None:
    section = _rule_sections(builtin_markdown)["SES-RECV-010"]
    assert "skip it with --skip-rule SES-RECV-010" in section


def test_contents_links_every_rule_to_its_heading(builtin_markdown: str) -> None:
    for rule_id in _rule_sections(builtin_markdown):
        assert f"| [{rule_id}](#{rule_id.lower()}) |" in builtin_markdown


def test_the_step_appendix_lists_every_step_definition(builtin_markdown: str) -> None:
    appendix = builtin_markdown[builtin_markdown.index("## Appendix: step vocabulary") :]
    for definition in REGISTRY.definitions:
        row = f"| `{definition.kind.capitalize()} {definition.pattern}` |"
        assert row in appendix
        assert escape_inline(definition.summary) in appendix


def test_step_appendix_names_the_rules_using_each_step(builtin_markdown: str) -> None:
    row = next(
        line
        for line in builtin_markdown.splitlines()
        if line.startswith("| `Then it has no target`")
    )
    assert row.endswith("| SES-MAILFROM-002, SES-RECV-013 |")


def test_output_does_not_depend_on_the_working_directory(
    builtin_markdown: str, tmp_path: Path
) -> None:
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        elsewhere = render(build_catalog_doc(), "markdown")
    finally:
        os.chdir(previous)
    assert elsewhere == builtin_markdown


def test_markup_in_feature_text_is_escaped(markup_policy_dir: Path) -> None:
    markdown = render(build_catalog_doc([str(markup_policy_dir)], replace=True), "markdown")
    outside_code = re.sub(r"```gherkin\n.*?\n```", "", markdown, flags=re.S)
    assert re.findall(r"(?<!\\)<", outside_code) == ["<"]  # only the "generated" comment
    assert r"\<script\>alert" in markdown
    assert "\n\\- a line that looks like a list item" in markdown
    assert "\n1\\. and one like a numbered item" in markdown
    assert r"\_underscores\_" in markdown
    contents_row = next(line for line in markdown.splitlines() if "[ACME-MAIL-1]" in line)
    assert _unescaped_pipes(contents_row) == 4  # three cells, whatever the title holds


def test_an_outline_shows_every_examples_row(markup_policy_dir: Path) -> None:
    markdown = render(build_catalog_doc([str(markup_policy_dir)], replace=True), "markdown")
    section = _rule_sections(markdown)["ACME-MAIL-2"]
    assert r"**Identities of kind \<kind\> are where SES is offered**" in section
    assert section.count("```gherkin") == 2
    assert 'Given resources of type "aws_ses_domain_identity"' in section
    assert 'Given resources of type "aws_sesv2_email_identity"' in section


def test_added_policy_folders_come_after_the_builtin_rules(markup_policy_dir: Path) -> None:
    doc = build_catalog_doc([str(markup_policy_dir)])
    ids = [rule.rule_id for rule in doc.rules]
    assert ids[-2:] == ["ACME-MAIL-1", "ACME-MAIL-2"]
    assert len(ids) == len({rule.info.rule_id for rule in load_catalog()}) + 2


def test_a_step_no_definition_matches_is_refused(unknown_step_policy_dir: Path) -> None:
    with pytest.raises(InputError, match="no then step matches 'the moon is in its Region'"):
        build_catalog_doc([str(unknown_step_policy_dir)], replace=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "`plain`"),
        ("a `tick`", "`` a `tick` ``"),
        ("``double``", "``` ``double`` ```"),
    ],
)
def test_code_spans_survive_backticks_in_their_text(text: str, expected: str) -> None:
    assert code_span(text) == expected
