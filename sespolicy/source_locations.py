"""Point findings at the Terraform source: the file and line of the resource block, and of the
offending attribute where the finding names one (issue: `--source-dir`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from sespolicy.findings import Finding, Report, SourceLocation
from sespolicy.world.load import LoadedDocument


def source_dirs_for(documents: Sequence[LoadedDocument], source_dir: str | None) -> list[str]:
    """The configuration folders to index: --source-dir, and any .tf folder given as input."""
    folders = [source_dir] if source_dir else []
    folders.extend(d.source for d in documents if d.kind == "hcl" and d.source not in folders)
    return folders


def configuration_dirs(
    documents: Sequence[LoadedDocument], source_dir: str | None
) -> list[str | None]:
    """The configuration folder of each document: a .tf folder is its own, a plan's is
    --source-dir (None when not given)."""
    return [d.source if d.kind == "hcl" else source_dir for d in documents]


def attach_sources(report: Report, folders: Sequence[str]) -> Report:
    """A copy of the report whose findings carry a SourceLocation where the source tells."""
    if not folders:
        return report
    from sespolicy.hcl.locations import locate_sources

    indexes = [(folder, locate_sources(folder)) for folder in folders]
    located = tuple(_locate(finding, indexes) for finding in report.findings)
    return replace(report, findings=located)


def _locate(finding: Finding, indexes) -> Finding:
    if finding.source is not None or finding.address.startswith("arn:"):
        return finding
    attribute = next((r.attribute for r in finding.related if r.attribute), None)
    for folder, index in indexes:
        if finding.address not in index:
            continue
        where = (
            index.attribute_location(finding.address, attribute)
            if attribute
            else index.location(finding.address)
        )
        if where is None:
            continue
        path = os.path.normpath(os.path.join(folder, where.file))
        return replace(finding, source=SourceLocation(path, where.line, where.end_line))
    return finding
