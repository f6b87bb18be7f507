"""One SES estate across workspaces: every input's resources in one graph.

Real organisations split one SES setup over several Terraform workspaces (a `dns` stack, a
`mail` stack, an `inbound` stack …), and most regional mistakes live between them. In CI one
has the plan of the workspace being changed and the state of the others. An estate joins them:

- each input keeps its own world, references and Regions (plan references never cross
  workspaces); its nodes are named `NAME::address`;
- literal values link across inputs: an ARN, a bucket / topic / rule set name, an identity's
  domain written in one workspace names a resource of another — within one account only;
- an object a plan deletes is gone from every input (a state may still list it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from sespolicy.world.accounts import input_account, own_account
from sespolicy.world.aws_types import facts
from sespolicy.world.build import build_world
from sespolicy.world.graph import (
    ESTATE_SEPARATOR,
    EstateParts,
    ResourceGraph,
    build_graph,
)
from sespolicy.world.load import LoadedDocument
from sespolicy.world.model import ResourceInstance, World
from sespolicy.world.regions import RegionDefaults, SourceProviderRegion

SourceRegions = Callable[[], Mapping[str, SourceProviderRegion]] | None


@dataclass(frozen=True)
class EstateMember:
    name: str  # the input's name (its label): findings name it
    document: LoadedDocument
    source_regions: SourceRegions = None


def build_estate(members: Sequence[EstateMember], defaults: RegionDefaults) -> ResourceGraph:
    worlds = {member.name: build_world(member.document) for member in members}
    _drop_deleted(worlds)
    for name, world in worlds.items():
        _qualify(world, name)
    foreign = _identifiers(worlds)
    resources: dict[str, ResourceInstance] = {}
    regions = {}
    edges = []
    inputs: dict[str, str] = {}
    resolvers = {}
    for member in members:
        world = worlds[member.name]
        graph = build_graph(world, defaults, member.source_regions, foreign, member.name)
        resolvers[member.name] = graph.resolver
        for resource in graph.resources():
            if resource.address not in resources:
                resources[resource.address] = resource
                regions[resource.address] = graph.region(resource.address)
            if resource.mode != "external":
                inputs[resource.address] = member.name
        edges.extend(graph.edges())
    first = worlds[members[0].name]
    parts = EstateParts(inputs=inputs, worlds=worlds, resolvers=resolvers)
    return ResourceGraph(first, resources, regions, edges, resolvers[members[0].name], parts)


def _drop_deleted(worlds: Mapping[str, World]) -> None:
    """An object a plan deletes is gone from the estate, whichever input still lists it."""
    deleted = {arn for world in worlds.values() for arn in world.deleted_arns}
    if not deleted:
        return
    for world in worlds.values():
        gone = [
            address
            for address, resource in world.resources.items()
            if resource.values.get("arn") in deleted or resource.prior.get("arn") in deleted
        ]
        for address in gone:
            del world.resources[address]


def _qualify(world: World, name: str) -> None:
    """Name every resource `NAME::address`: addresses repeat across workspaces."""
    qualified = {}
    for address, resource in world.resources.items():
        node = f"{name}{ESTATE_SEPARATOR}{address}"
        qualified[node] = replace(resource, address=node)
    world.resources = qualified


def _identifiers(
    worlds: Mapping[str, World],
) -> dict[str, list[tuple[str, str | None, str]]]:
    """value -> [(node, account, input)] for every identifying value of every input."""
    found: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for name, world in worlds.items():
        shared_account = input_account(world)
        for resource in world.resources.values():
            account = own_account(resource) or shared_account
            for attribute in facts(resource.type).identifying_attributes:
                value = resource.values.get(attribute)
                if isinstance(value, str) and len(value) > 2:
                    found[value].append((resource.address, account, name))
    return dict(found)
