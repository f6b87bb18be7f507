"""The rule catalog rendered for auditors: `sespolicy docs`.

Public interface:

    build_catalog_doc(policy_dirs=(), replace=False) -> CatalogDoc
        the catalog read from the .feature files, grouped by feature, with the step vocabulary
    render(doc, format_name) -> str
        "markdown" or "html"; the same catalog always renders to the same text
    FORMATS
        the format names render() accepts
"""

from __future__ import annotations

from sespolicy.docs.model import (
    CatalogDoc,
    FamilyDoc,
    RuleDoc,
    ScenarioDoc,
    StepDoc,
    build_catalog_doc,
)
from sespolicy.errors import UsageError

FORMATS: tuple[str, ...] = ("markdown", "html")


def render(doc: CatalogDoc, format_name: str) -> str:
    # Renderers are imported on demand: each is only needed for its own format.
    if format_name == "markdown":
        from sespolicy.docs.markdown import render_markdown

        return render_markdown(doc)
    if format_name == "html":
        from sespolicy.docs.html import render_html

        return render_html(doc)
    raise UsageError(f"unknown docs format {format_name!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "CatalogDoc",
    "FamilyDoc",
    "RuleDoc",
    "ScenarioDoc",
    "StepDoc",
    "build_catalog_doc",
    "render",
]
