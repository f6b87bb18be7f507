"""Input bytes to region-aware graphs: the part every command shares."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sespolicy.display import escape_text
from sespolicy.gc_pause import bulk_allocation
from sespolicy.world.aws_regions import check_default_region
from sespolicy.world.build import build_world
from sespolicy.world.graph import ResourceGraph, build_graph
from sespolicy.world.load import LoadedDocument, load_documents
from sespolicy.world.model import World
from sespolicy.world.regions import RegionDefaults, SourceProviderRegion


@dataclass(frozen=True)
class LoadedGraph:
    document: LoadedDocument
    graph: ResourceGraph
    # An estate: the one graph of several inputs, each of them (`document` is the first).
    members: tuple[LoadedDocument, ...] = ()

    @property
    def documents(self) -> tuple[LoadedDocument, ...]:
        return self.members or (self.document,)


def estate_graph(
    documents: Sequence[LoadedDocument],
    cli_region: str | None = None,
    source_dirs: Sequence[str | None] = (),
) -> LoadedGraph:
    """All inputs in one region-aware graph, each node keeping its input (see estate.py)."""
    from sespolicy.world.estate import EstateMember, build_estate

    check_default_region(cli_region)
    defaults = RegionDefaults.from_environment(cli_region)
    folders = list(source_dirs) + [None] * (len(documents) - len(source_dirs))
    with bulk_allocation():
        members = []
        for document, folder in zip(documents, folders, strict=True):
            regions = None
            if folder is not None and document.kind != "hcl":
                regions = _source_regions_reader(folder, document)
            members.append(EstateMember(document.input_name, document, regions))
        graph = build_estate(members, defaults)
    return LoadedGraph(documents[0], graph, tuple(documents))


def _source_regions_reader(
    folder: str, document: LoadedDocument
) -> Callable[[], Mapping[str, SourceProviderRegion]]:
    def read() -> Mapping[str, SourceProviderRegion]:
        from sespolicy.hcl.provider_regions import provider_regions_from_source

        variables = {
            name: entry.get("value")
            for name, entry in (document.data.get("variables") or {}).items()
            if isinstance(entry, dict)
        }
        return provider_regions_from_source(folder, variables)

    return read


def graph_documents(
    documents: Sequence[LoadedDocument],
    cli_region: str | None = None,
    source_dirs: Sequence[str | None] = (),
) -> list[LoadedGraph]:
    """One region-aware graph per document; `source_dirs[i]` is the configuration folder the
    i-th plan came from (its provider regions can then be evaluated from the .tf files)."""
    check_default_region(cli_region)  # a typo in --region / AWS_REGION is an error, not a Region
    defaults = RegionDefaults.from_environment(cli_region)
    folders = list(source_dirs) + [None] * (len(documents) - len(source_dirs))
    graphs = []
    with bulk_allocation():
        for document, folder in zip(documents, folders, strict=True):
            world = build_world(document)
            graphs.append(
                LoadedGraph(document, build_graph(world, defaults, _source_regions(world, folder)))
            )
    return graphs


def _source_regions(
    world: World, folder: str | None
) -> Callable[[], Mapping[str, SourceProviderRegion]] | None:
    if folder is None or world.kind == "hcl":
        return None  # a .tf folder given as input evaluates its own providers

    def read() -> Mapping[str, SourceProviderRegion]:
        from sespolicy.hcl.provider_regions import provider_regions_from_source

        return provider_regions_from_source(folder, world.variables)

    return read


def load_graphs(
    paths: Sequence[str],
    cli_region: str | None = None,
    source_dir: str | None = None,
    estate: bool = False,
) -> list[LoadedGraph]:
    """Load every input (stdin when none), print the loader's warnings, build the graphs (one
    graph of them all for an estate); `source_dir` is the configuration the plans came from."""
    documents = load_documents(paths)
    for document in documents:
        for warning in document.warnings:
            print(f"sespolicy: warning: {escape_text(document.source)}: {warning}", file=sys.stderr)
    folders = [None if d.kind == "hcl" else source_dir for d in documents]
    if estate:
        return [estate_graph(documents, cli_region, folders)]
    return graph_documents(documents, cli_region, folders)
