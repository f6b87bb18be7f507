"""Point findings at the Terraform source: the file and line of the resource block, and of the
offending attribute where the finding names one (issue: `--source-dir`)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sespolicy.display import escape_text
from sespolicy.errors import UsageError
from sespolicy.findings import Finding, Report, SourceLocation
from sespolicy.world.load import LoadedDocument
from sespolicy.world.load.labels import split_label

if TYPE_CHECKING:
    from sespolicy.hcl.locations import SourceIndex


def source_dirs_for(
    documents: Sequence[LoadedDocument], source_dirs: Sequence[str] | str | None
) -> dict[str, str]:
    """Input name -> the configuration folder its findings point into.

    A folder of .tf files given as input is its own source. `--source-dir NAME=DIR` gives the
    input named NAME (its label, or its path as given) a folder; a plain `--source-dir DIR`
    gives one to every other input (several plans of one configuration share it). A finding
    is only ever located in its own input's folder.
    """
    if isinstance(source_dirs, str):
        source_dirs = [source_dirs]
    folders = {d.input_name: d.source for d in documents if d.kind == "hcl"}
    names = [d.input_name for d in documents]
    shared: str | None = None
    for given in source_dirs or ():
        labelled = split_label(given)
        _check_folder(given, labelled.path)
        if not labelled.label:
            if shared is not None:
                raise UsageError(
                    f"--source-dir {escape_text(shared)} and --source-dir {escape_text(given)}: "
                    "give one shared folder, or one NAME=DIR per input"
                )
            shared = labelled.path
            continue
        if labelled.label not in names:
            known = ", ".join(escape_text(name) for name in names)
            raise UsageError(
                f"--source-dir {escape_text(given)}: no input is named "
                f"{escape_text(labelled.label)} (the inputs are: {known})"
            )
        folders[labelled.label] = labelled.path
    if shared is not None:
        for name in names:
            folders.setdefault(name, shared)
    return folders


def configuration_dirs(
    documents: Sequence[LoadedDocument], folders: Mapping[str, str]
) -> list[str | None]:
    """The configuration folder of each plan or state (from `source_dirs_for`), so provider
    regions the plan cannot settle are evaluated from its .tf files; None for a .tf folder
    input (it evaluates its own) and for a plan without one."""
    return [None if d.kind == "hcl" else folders.get(d.input_name) for d in documents]


def _check_folder(given: str, folder: str) -> None:
    if not os.path.isdir(folder):
        problem = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise UsageError(
            f"--source-dir {escape_text(given)}: {escape_text(folder)} {problem}; name the "
            "folder of .tf files the plan was made from"
        )


def attach_sources(report: Report, folders: Mapping[str, str]) -> Report:
    """A copy of the report whose findings carry a SourceLocation where their own input's
    configuration folder tells."""
    if not folders:
        return report
    from sespolicy.hcl.locations import locate_sources

    indexes = {folder: locate_sources(folder) for folder in dict.fromkeys(folders.values())}
    located = tuple(
        _locate(finding, folders[finding.input], indexes[folders[finding.input]])
        if finding.input in folders
        else finding
        for finding in report.findings
    )
    return replace(report, findings=located)


def _locate(finding: Finding, folder: str, index: SourceIndex) -> Finding:
    if finding.source is not None or finding.address.startswith("arn:"):
        return finding
    if finding.address not in index:
        return finding
    attribute = next((r.attribute for r in finding.related if r.attribute), None)
    where = (
        index.attribute_location(finding.address, attribute)
        if attribute
        else index.location(finding.address)
    )
    if where is None:
        return finding
    path = os.path.normpath(os.path.join(folder, where.file))
    return replace(finding, source=SourceLocation(path, where.line, where.end_line))
