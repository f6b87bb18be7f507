"""`sespolicy docs --format html`: one page, no script or outside resource, everything escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from sespolicy.docs import build_catalog_doc, render
from sespolicy.policy.catalog import load_catalog

VOID_ELEMENTS = {"meta", "br", "hr", "img", "link", "input"}


class _PageReader(HTMLParser):
    """Collects what the checks need: element ids, links, sources and unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []
        self.pre_blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if "href" in values:
            self.hrefs.append(values["href"] or "")
        if "src" in values:
            self.problems.append(f"<{tag}> loads {values['src']}")
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open and self.open[-1] == "pre":
            self.pre_blocks.append(data)


def _read(page: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(page)
    reader.close()
    return reader


@pytest.fixture(scope="module")
def builtin_page() -> str:
    return render(build_catalog_doc(), "html")


def test_page_is_balanced_and_self_contained(builtin_page: str) -> None:
    page = _read(builtin_page)
    assert page.problems == []
    assert page.open == []
    assert "script" not in page.tags
    assert "style" in page.tags  # the CSS is inline
    assert all(href.startswith("#") for href in page.hrefs)


def test_every_rule_has_an_anchor_a_link_and_its_steps(builtin_page: str) -> None:
    page = _read(builtin_page)
    text = "".join(page.text)
    for rule in load_catalog():
        anchor = rule.info.rule_id.lower()
        assert anchor in page.ids
        assert f"#{anchor}" in page.hrefs
        assert rule.info.policy in text
        steps = [f"  {line}" for line in rule.info.gherkin.splitlines()]
        assert any(
            block.splitlines()[2:] == steps and f"@{rule.info.rule_id}" in block
            for block in page.pre_blocks
        ), f"no Gherkin block of {rule.info.rule_id}"


def test_markup_from_feature_files_is_shown_as_text(markup_policy_dir: Path) -> None:
    source = render(build_catalog_doc([str(markup_policy_dir)], replace=True), "html")
    page = _read(source)
    assert page.problems == []
    assert {"script", "img", "evil", "b"}.isdisjoint(page.tags)
    text = "".join(page.text)
    assert '<script>alert("feature")</script>' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert 'Topics named <evil> | are in "its" Region' in text
