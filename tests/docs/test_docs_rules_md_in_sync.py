"""docs/rules.md is the committed output of `sespolicy docs`; it must match the catalog."""

from __future__ import annotations

from pathlib import Path

from sespolicy.docs import build_catalog_doc, render

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
REGENERATE = "run `sespolicy docs --format markdown --out docs/rules.md`"


def test_committed_rules_md_matches_the_catalog() -> None:
    assert COMMITTED.is_file(), f"docs/rules.md is missing: {REGENERATE}"
    current = render(build_catalog_doc(), "markdown")
    committed = COMMITTED.read_text(encoding="utf-8")
    assert committed == current, f"docs/rules.md is out of date: {REGENERATE}"
