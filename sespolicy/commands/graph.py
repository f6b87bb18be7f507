"""`sespolicy graph`: every resource an SES rule could touch, with its Region and edges."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from sespolicy.commands.eval import add_input_arguments, estate_inputs
from sespolicy.display import escape_text
from sespolicy.world.aws_types import facts
from sespolicy.world.model import ResourceInstance

if TYPE_CHECKING:  # networkx is imported only when the command runs, not for --help
    from sespolicy.world.graph import Edge, ResourceGraph

def is_ses_relevant(resource: ResourceInstance) -> bool:
    return facts(resource.type).ses_relevant


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "graph",
        help="show the SES-relevant resources with their Region, its provenance and references",
        description=(
            "Load plan or state JSON (stdin when no path) and show every resource an SES rule "
            "could touch, with its Region, why that Region, and the references between them."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument(
        "--format",
        choices=("text", "dot", "json"),
        default="text",
        help="text for people, dot for Graphviz, json for scripts",
    )
    parser.add_argument(
        "--region",
        metavar="REGION",
        help="Region for providers that set none, as AWS_REGION would (must be an AWS Region)",
    )
    parser.add_argument(
        "--source-dir",
        metavar="DIR",
        help="the configuration the plan came from: provider regions the plan cannot settle "
        "(locals, map lookups) are evaluated from its .tf files",
    )
    parser.add_argument(
        "--all", action="store_true", help="show every resource, not only SES-relevant ones"
    )
    parser.set_defaults(handler=run)


def _selected(graph: ResourceGraph, show_all: bool) -> list[ResourceInstance]:
    return sorted(
        (r for r in graph.resources() if show_all or is_ses_relevant(r)), key=lambda r: r.address
    )


def _edges(graph: ResourceGraph, addresses: set[str]) -> list[Edge]:
    # The graph keeps one edge per attribute read (`k.id` and `k.ses_smtp_password_v4`); the
    # picture shows one per attribute of the source.
    unique = {
        (e.source, e.target, e.attribute): e
        for e in graph.edges()
        if e.source in addresses and e.target in addresses
    }
    return [unique[key] for key in sorted(unique)]


def run(args: argparse.Namespace) -> int:
    from sespolicy.output_files import write_stream
    from sespolicy.world.aws_regions import check_default_region
    from sespolicy.world.pipeline import load_graphs

    check_default_region(args.region)  # before any plan is read
    estate = estate_inputs(args)
    paths = estate if estate is not None else args.paths
    loaded = load_graphs(paths, args.region, args.source_dir, estate=estate is not None)
    many = len(loaded) > 1
    nodes: list[dict] = []
    edges: list[dict] = []
    text: list[str] = []
    dot: list[str] = ["digraph sespolicy {", "  rankdir=LR;"]
    for item in loaded:
        graph = item.graph
        # With several inputs, addresses are prefixed by their input so they stay distinct.
        prefix = f"{item.document.input_name}#" if many else ""
        resources = _selected(graph, args.all)
        addresses = {r.address for r in resources}
        chosen_edges = _edges(graph, addresses)
        for resource in resources:
            answer = graph.region(resource.address)
            nodes.append(
                {
                    "input": escape_text(
                        graph.input_of(resource.address) or item.document.input_name
                    ),
                    "address": escape_text(prefix + resource.address),
                    "type": escape_text(resource.type),
                    "mode": escape_text(resource.mode),
                    "region": None if answer.region is None else escape_text(answer.region),
                    "region_source": escape_text(answer.source),
                }
            )
        for edge in chosen_edges:
            edges.append(
                {
                    "source": escape_text(prefix + edge.source),
                    "target": escape_text(prefix + edge.target),
                    "attribute": escape_text(edge.attribute),
                }
            )
        if args.format == "text":
            text.extend(_text_lines(item.document.input_name, graph, resources, chosen_edges))
        elif args.format == "dot":
            dot.extend(_dot_lines(prefix, graph, resources, chosen_edges))
    if args.format == "json":
        # ensure_ascii: nothing a plan holds can make the writer fail or a reader choke.
        write_stream(sys.stdout, json.dumps({"nodes": nodes, "edges": edges}, indent=2) + "\n")
    elif args.format == "dot":
        write_stream(sys.stdout, "\n".join([*dot, "}"]) + "\n")
    else:
        write_stream(sys.stdout, "\n".join(text) + "\n")
    return 0


def _text_lines(
    source: str, graph: ResourceGraph, resources: list[ResourceInstance], edges: list[Edge]
) -> list[str]:
    outgoing: dict[str, list[Edge]] = {}
    for edge in edges:
        outgoing.setdefault(edge.source, []).append(edge)
    e = escape_text
    lines = [f"# {e(source)}: {len(resources)} SES-relevant resources, {len(edges)} references"]
    for resource in resources:
        answer = graph.region(resource.address)
        region = answer.region or ("-" if answer.kind.value == "global" else "unknown")
        lines.append(f"{e(resource.address)}  [{e(resource.mode)} {e(resource.type)}]  {e(region)}")
        lines.append(f"    region from {e(answer.source)}")
        for edge in outgoing.get(resource.address, []):
            target_region = graph.region(edge.target).region or "-"
            lines.append(f"    {e(edge.attribute)} -> {e(edge.target)} ({e(target_region)})")
    return lines


def _dot_id(text: str) -> str:
    # A quoted DOT id: escaped text (no line breaks or control characters) in JSON quoting,
    # which DOT reads the same way for `"` and `\\`.
    return json.dumps(escape_text(text), ensure_ascii=False)


def _dot_lines(
    prefix: str, graph: ResourceGraph, resources: list[ResourceInstance], edges: list[Edge]
) -> list[str]:
    lines: list[str] = []
    by_region: dict[str, list[ResourceInstance]] = {}
    for resource in resources:
        by_region.setdefault(graph.region(resource.address).region or "", []).append(resource)
    for number, (region, members) in enumerate(sorted(by_region.items())):
        label = region or "no Region / unknown"
        lines.append(f"  subgraph cluster_{number} {{ label={_dot_id(label)};")
        for resource in members:
            lines.append(f"    {_dot_id(prefix + resource.address)} [shape=box];")
        lines.append("  }")
    for edge in edges:
        crosses = graph.region(edge.source).region != graph.region(edge.target).region
        colour = ', color="red"' if crosses else ""
        lines.append(
            f"  {_dot_id(prefix + edge.source)} -> {_dot_id(prefix + edge.target)} "
            f"[label={_dot_id(edge.attribute)}{colour}];"
        )
    return lines
