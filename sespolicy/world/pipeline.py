"""Input bytes to region-aware graphs: the part every command shares."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

from sespolicy.display import escape_text
from sespolicy.gc_pause import bulk_allocation
from sespolicy.world.aws_regions import check_default_region
from sespolicy.world.build import build_world
from sespolicy.world.graph import ResourceGraph, build_graph
from sespolicy.world.load import LoadedDocument, load_documents
from sespolicy.world.regions import RegionDefaults


@dataclass(frozen=True)
class LoadedGraph:
    document: LoadedDocument
    graph: ResourceGraph


def graph_documents(
    documents: Sequence[LoadedDocument], cli_region: str | None = None
) -> list[LoadedGraph]:
    check_default_region(cli_region)  # a typo in --region / AWS_REGION is an error, not a Region
    defaults = RegionDefaults.from_environment(cli_region)
    with bulk_allocation():
        return [LoadedGraph(doc, build_graph(build_world(doc), defaults)) for doc in documents]


def load_graphs(paths: Sequence[str], cli_region: str | None = None) -> list[LoadedGraph]:
    """Load every input (stdin when none), print the loader's warnings, build the graphs."""
    documents = load_documents(paths)
    for document in documents:
        for warning in document.warnings:
            print(f"sespolicy: warning: {escape_text(document.source)}: {warning}", file=sys.stderr)
    return graph_documents(documents, cli_region)
