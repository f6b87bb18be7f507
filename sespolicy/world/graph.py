"""The resource graph: which attribute of which resource refers to which other resource.

Nodes are resource instances (and `external` nodes: ARNs the plan names but does not manage).
An edge A -> B with attribute `s3_action[0].kms_key_arn` says that attribute of A refers to B.
References are followed through module inputs and outputs, count/for_each instance keys and
data sources; literal values that identify a planned resource (its ARN, a bucket name, a rule
set name, an identity's domain) are linked too, because plans often spell them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sespolicy.display import SENSITIVE
from sespolicy.world.accounts import compatible, input_account, own_account
from sespolicy.world.addresses import (
    InstanceKey,
    format_key,
    join_module,
    module_config_path,
    module_instance_ancestors,
    module_instance_parent,
    resource_local_address,
    split_steps,
)
from sespolicy.world.attribute_paths import is_marked
from sespolicy.world.aws_types import facts, parse_arn, type_for_arn
from sespolicy.world.model import ResourceInstance, World, iter_references
from sespolicy.world.regions import (
    RegionAnswer,
    RegionDefaults,
    RegionResolver,
    SourceProviderRegion,
)

if TYPE_CHECKING:
    import networkx as nx

    from sespolicy.world.indexes import GraphIndexes

# Reference roots that never name a resource.
_NON_RESOURCE_ROOTS = frozenset({"each", "count", "path", "terraform", "self", "local"})
# Module boundaries a reference is followed across (a 20-module chain is 40). Resolution is
# memoised, so this bounds the recursion depth, not the work; past it (a chain of 50 modules,
# which no real configuration has) a reference denotes nothing.
_MAX_HOPS = 100


# Nodes of an estate are named `NAME::address`: input names are plain words, so the first
# `::` always ends the name, whatever an instance key holds.
ESTATE_SEPARATOR = "::"


@dataclass(frozen=True)
class EstateParts:
    """What a graph of several inputs keeps per input."""

    inputs: Mapping[str, str]  # node -> input name
    worlds: Mapping[str, World]  # input name -> its world
    resolvers: Mapping[str, RegionResolver]  # input name -> its Region resolver


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    attribute: str
    via: str  # "reference", "literal", or the module hops a reference went through
    # The attribute of the target the reference reads (`ses_smtp_password_v4`), when known.
    target_attribute: str = ""


class ResourceGraph:
    """One document's world as a graph: resource nodes with a Region each, attribute edges.

    `graph` is the networkx MultiDiGraph (node data `resource` and `region`, edge data
    `attribute`, `via`, `target_attribute`). It is built on first use: the rules work from the
    plain indexes below, and importing networkx alone would take a large share of a small
    CI run's start-up budget.
    """

    def __init__(
        self,
        world: World,
        resources: dict[str, ResourceInstance],
        regions: dict[str, RegionAnswer],
        edges: list[Edge],
        resolver: RegionResolver,
        estate: EstateParts | None = None,
    ) -> None:
        self.world = world
        self.resolver = resolver
        # Several inputs in one graph (an estate): which input each node comes from.
        self.estate = estate
        self._resources = resources
        self._regions = regions
        self._edges = edges
        self._graph: nx.MultiDiGraph | None = None
        self._outgoing: dict[str, list[Edge]] | None = None
        self._incoming: dict[str, list[Edge]] | None = None
        self._by_type: dict[str, list[ResourceInstance]] | None = None
        self._indexes: GraphIndexes | None = None
        self._accounts: dict[str, str | None] | None = None
        self._input_accounts: dict[str, str | None] = {}

    @property
    def indexes(self) -> GraphIndexes:
        """The typed indexes rules read (keys, Regions by type, …), each built on first use."""
        if self._indexes is None:
            from sespolicy.world.indexes import GraphIndexes

            self._indexes = GraphIndexes(self)
        return self._indexes

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            import networkx as nx

            graph = nx.MultiDiGraph()
            for address, resource in self._resources.items():
                graph.add_node(address, resource=resource, region=self._regions[address])
            for edge in self._edges:
                graph.add_edge(
                    edge.source,
                    edge.target,
                    attribute=edge.attribute,
                    via=edge.via,
                    target_attribute=edge.target_attribute,
                )
            self._graph = graph
        return self._graph

    def __contains__(self, address: str) -> bool:
        return address in self._resources

    def provider_region(self, address: str) -> RegionAnswer:
        """The Region of the resource's provider configuration (IAM keys' SMTP passwords)."""
        resolver = self.resolver
        if self.estate is not None:
            resolver = self.estate.resolvers.get(self.input_of(address), resolver)
        return resolver.provider_region(self.resource(address))

    # -- inputs and accounts ---------------------------------------------------------------

    def input_of(self, address: str) -> str:
        """The input (estate member) a node comes from; "" for a one-input graph or an ARN
        outside every input."""
        if self.estate is None:
            return ""
        return self.estate.inputs.get(address, "")

    def plain_address(self, address: str) -> str:
        """The resource's address in its own input (a node of an estate is `NAME::address`)."""
        if self.estate is None or address not in self.estate.inputs:
            return address
        return address.split(ESTATE_SEPARATOR, 1)[1]

    def node(self, input_name: str, address: str) -> str:
        """The node of `address` in input `input_name` (the inverse of plain_address)."""
        if self.estate is None or not input_name:
            return address
        return f"{input_name}{ESTATE_SEPARATOR}{address}"

    def account_of(self, address: str) -> str | None:
        """The AWS account the resource lives in, where the inputs tell (see accounts.py)."""
        if self._accounts is None:
            self._accounts = {}
        if address not in self._accounts:
            resource = self.resource(address)
            account = own_account(resource)
            if account is None:
                account = self._input_account(self.input_of(address))
            self._accounts[address] = account
        return self._accounts[address]

    def _input_account(self, name: str) -> str | None:
        if name not in self._input_accounts:
            world = self.estate.worlds[name] if self.estate is not None and name else self.world
            self._input_accounts[name] = input_account(world)
        return self._input_accounts[name]

    @property
    def unresolved(self) -> dict[str, str]:
        """What the .tf reader could not resolve, by node (HCL inputs only)."""
        if self.estate is None:
            return self.world.unresolved
        return {
            f"{name}{ESTATE_SEPARATOR}{address}": reason
            for name, world in self.estate.worlds.items()
            for address, reason in world.unresolved.items()
        }

    def all_worlds(self) -> list[World]:
        return list(self.estate.worlds.values()) if self.estate is not None else [self.world]

    def resource(self, address: str) -> ResourceInstance:
        return self._resources[address]

    def region(self, address: str) -> RegionAnswer:
        return self._regions[address]

    def resources(self) -> Iterator[ResourceInstance]:
        return iter(self._resources.values())

    def _type_index(self) -> dict[str, list[ResourceInstance]]:
        if self._by_type is None:
            index: dict[str, list[ResourceInstance]] = {}
            for resource in self.resources():
                index.setdefault(resource.type, []).append(resource)
            self._by_type = index
        return self._by_type

    def resources_of_type(self, *types: str) -> list[ResourceInstance]:
        """Resources of exactly these types (an index built once: rules select by type)."""
        index = self._type_index()
        return [resource for name in types for resource in index.get(name, [])]

    def resource_types(self) -> list[str]:
        return list(self._type_index())

    def _build_adjacency(self) -> None:
        # Steps ask for a resource's edges many times per run: the lists are made once.
        outgoing: dict[str, list[Edge]] = {}
        incoming: dict[str, list[Edge]] = {}
        for edge in self._edges:
            outgoing.setdefault(edge.source, []).append(edge)
            incoming.setdefault(edge.target, []).append(edge)
        self._outgoing, self._incoming = outgoing, incoming

    def edges_from(self, address: str) -> list[Edge]:
        if self._outgoing is None:
            self._build_adjacency()
        return self._outgoing.get(address, [])  # type: ignore[union-attr]

    def edges_to(self, address: str) -> list[Edge]:
        if self._incoming is None:
            self._build_adjacency()
        return self._incoming.get(address, [])  # type: ignore[union-attr]

    def edges(self) -> Iterator[Edge]:
        return iter(self._edges)


# Identifying values of the resources of every input of an estate:
# value -> [(node, account, input)].
ForeignIdentifiers = Mapping[str, list[tuple[str, "str | None", str]]]


def build_graph(
    world: World,
    defaults: RegionDefaults | None = None,
    source_regions: Callable[[], Mapping[str, SourceProviderRegion]] | None = None,
    foreign: ForeignIdentifiers | None = None,
    input_name: str = "",
) -> ResourceGraph:
    """One input's graph; `foreign` (an estate's identifiers) lets literal values link to the
    resources of its other inputs."""
    resolver = RegionResolver(world, defaults or RegionDefaults(), source_regions)
    linker = _Linker(world, foreign or {}, input_name)
    for instance in list(world.resources.values()):
        linker.link(instance)
    regions = {address: resolver.resolve(resource) for address, resource in linker.nodes.items()}
    return ResourceGraph(world, linker.nodes, regions, linker.edges, resolver)


class _Linker:
    def __init__(self, world: World, foreign: ForeignIdentifiers, input_name: str = "") -> None:
        self.world = world
        self.foreign = foreign
        self.input_name = input_name
        self._input_account: str | bool | None = False  # False: not worked out yet
        # The graph's nodes: every resource instance, plus external ARNs found on the way.
        self.nodes: dict[str, ResourceInstance] = dict(world.resources)
        self.edges: list[Edge] = []
        # (module instance address, module-relative resource address) -> instances
        self.by_config: dict[tuple[str, str], list[ResourceInstance]] = defaultdict(list)
        # configuration path of a module -> its instance addresses
        self.module_instances: dict[str, set[str]] = defaultdict(set)
        self.by_identifier: dict[str, list[str]] = defaultdict(list)
        self._indexed_modules: set[str] = set()
        # (ARN, marked sensitive) -> the address of its external node
        self._externals: dict[tuple[str, bool], str] = {}
        # What each (reference, module instance, pairing key) denotes, worked out once: module
        # inputs and outputs chain, and without this the same chain is walked again for every
        # instance on the way (exponential in the chain's length).
        self._resolved: dict[tuple[str, str, InstanceKey], list[tuple[str, str, str]]] = {}
        # Resolutions under way: reaching one again is a cycle (a module input that reads the
        # module's own output), which Terraform refuses to plan and which denotes nothing.
        self._resolving: set[tuple[str, str, InstanceKey]] = set()
        for instance in world.resources.values():
            local_address = resource_local_address(instance.mode, instance.type, instance.name)
            self.by_config[(instance.module_address, local_address)].append(instance)
            self._index_module_instances(instance.module_address)
            self._index_identifiers(instance)

    def _index_module_instances(self, module_address: str) -> None:
        if not module_address or module_address in self._indexed_modules:
            return
        self._indexed_modules.add(module_address)
        for ancestor in module_instance_ancestors(module_address):
            self.module_instances[module_config_path(ancestor)].add(ancestor)

    def _index_identifiers(self, instance: ResourceInstance) -> None:
        for name in facts(instance.type).identifying_attributes:
            value = instance.values.get(name)
            if isinstance(value, str) and len(value) > 2:
                self.by_identifier[value].append(instance.address)

    # -- linking ---------------------------------------------------------------------------

    def link(self, instance: ResourceInstance) -> None:
        seen: set[tuple[str, str]] = set()
        if instance.config is not None:
            for attribute, references in iter_references(instance.config.expressions):
                for reference in most_specific(references):
                    for target, via, read in self._resolve(
                        reference, instance.module_address, instance.index, 0
                    ):
                        self._add(instance.address, target, attribute, via, seen, read)
        self._link_literals(instance, seen)

    def _add(
        self, source: str, target: str, attribute: str, via: str, seen: set, read: str = ""
    ) -> None:
        # One edge per attribute pair: `jsonencode({u = k.id, p = k.ses_smtp_password_v4})`
        # reads two attributes of the same key, and which one matters to the rules.
        # Terraform lists `aws_x.y.arn` and then the bare `aws_x.y`: the bare one adds nothing.
        if target == source or (target, attribute, read) in seen:
            return
        if not read and (target, attribute, "*") in seen:
            return
        seen.add((target, attribute, read))
        seen.add((target, attribute, "*"))
        self.edges.append(Edge(source, target, attribute, via, read))

    def _link_literals(self, instance: ResourceInstance, seen: set) -> None:
        own = facts(instance.type).own_names
        for name, value in instance.values.items():
            if name in own:
                continue
            if isinstance(value, str):
                if value in self.by_identifier or value in self.foreign or value.startswith("arn:"):
                    self._link_literal(instance, name, (name,), value, seen)
            elif isinstance(value, (dict, list)):
                for attribute, steps, text in self._identifying_strings(value, name):
                    self._link_literal(instance, attribute, steps, text, seen)

    def _link_literal(
        self,
        instance: ResourceInstance,
        attribute: str,
        steps: tuple[str | int, ...],
        text: str,
        seen: set,
    ) -> None:
        targets = self.by_identifier.get(text)
        if targets:
            for target in targets:
                self._add(instance.address, target, attribute, "literal", seen)
            return
        if text in self.foreign:
            # Another workspace of the estate: names mean the same only in the same account.
            mine = self._account_of(instance)
            found = [
                node
                for node, account, owner in self.foreign[text]
                if owner != self.input_name and compatible(mine, account)
            ]
            for target in found:
                self._add(instance.address, target, attribute, "literal (another input)", seen)
            if found:
                return
        arn = parse_arn(text)
        if arn is not None and arn.region:
            sensitive = is_marked(instance.sensitive, steps)
            target = self._external_node(instance, attribute, text, type_for_arn(arn), sensitive)
            self._add(instance.address, target, attribute, "literal ARN", seen)

    def _account_of(self, instance: ResourceInstance) -> str | None:
        if self._input_account is False:
            self._input_account = input_account(self.world)
        return own_account(instance) or self._input_account  # type: ignore[return-value]

    def _external_node(
        self, instance: ResourceInstance, attribute: str, arn: str, resource_type: str,
        sensitive: bool,
    ) -> str:
        """The address of the `external` node for an ARN the plan names but does not manage.

        A plain ARN is its own address. An ARN the plan marks sensitive must never be printed,
        and node addresses are printed everywhere (findings, graph, baseline): its node is
        named after the first resource attribute that holds it, `aws_x.y.topic_arn
        (sensitive)`. Sensitive and plain mentions of one ARN are kept apart, so that which
        came first never decides whether the ARN is printed.
        """
        key = (arn, sensitive)
        address = self._externals.get(key)
        if address is None:
            address = f"{instance.address}.{attribute} {SENSITIVE}" if sensitive else arn
            self._externals[key] = address
            self.nodes[address] = _external_resource(address, arn, resource_type, sensitive)
        return address

    def _identifying_strings(
        self, value: object, name: str
    ) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
        """Strings under `value` that name something: a planned identifier or an ARN, with
        the attribute path as text (`sns_action[0].topic_arn`) and as steps.

        The hot loop of linking. A stack, not recursion: plan values may nest deeper than
        Python's recursion limit. Children are pushed in reverse so strings come out in
        document order. Each entry links to its parent's, so the steps of a path (keys may
        hold dots) are rebuilt only for the strings that match.
        """
        identifiers = self.by_identifier
        foreign = self.foreign
        stack: list[tuple[object, str, tuple]] = [(value, name, (name, ()))]
        while stack:
            node, where, chain = stack.pop()
            if isinstance(node, str):
                if node in identifiers or node in foreign or node.startswith("arn:"):
                    yield where, _unchain(chain), node
            elif isinstance(node, dict):
                stack.extend(
                    (child, f"{where}.{key}", (key, chain))
                    for key, child in reversed(node.items())
                    if isinstance(child, (str, dict, list))
                )
            elif isinstance(node, list):
                stack.extend(
                    (node[position], f"{where}[{position}]", (position, chain))
                    for position in range(len(node) - 1, -1, -1)
                    if isinstance(node[position], (str, dict, list))
                )

    def _resolve(
        self, reference: str, module_address: str, pairing_key: InstanceKey, hops: int
    ) -> Iterable[tuple[str, str, str]]:
        """(instance, how it was reached, attribute read) for what a reference can denote."""
        key = (reference, module_address, pairing_key)
        found = self._resolved.get(key)
        if found is None:
            if key in self._resolving:
                return []
            self._resolving.add(key)
            try:
                reached = self._resolve_once(reference, module_address, pairing_key, hops)
            finally:
                self._resolving.discard(key)
            # One entry per (target, attribute read), the first way found: every instance of a
            # for_each module reaches the same targets, and keeping each way would double the
            # list at every module of a chain.
            first: dict[tuple[str, str], tuple[str, str, str]] = {}
            for target, via, read in reached:
                first.setdefault((target, read), (target, via, read))
            found = self._resolved[key] = list(first.values())
        return found

    def _resolve_once(
        self, reference: str, module_address: str, pairing_key: InstanceKey, hops: int
    ) -> Iterable[tuple[str, str, str]]:
        steps = split_steps(reference)
        if len(steps) < 2 or steps[0].name in _NON_RESOURCE_ROOTS or hops > _MAX_HOPS:
            return []
        root = steps[0].name
        if root == "var":
            return self._through_module_input(steps[1].name, module_address, hops)
        if root == "module":
            if len(steps) < 3:
                return []  # Terraform also lists `module.m.output`; that one is followed.
            return self._through_module_output(steps, module_address, hops)
        if root == "data":
            if len(steps) < 3:
                return []
            local, key, rest = f"data.{steps[1].name}.{steps[2].name}", steps[2].key, steps[3:]
        else:
            local, key, rest = f"{steps[0].name}.{steps[1].name}", steps[1].key, steps[2:]
        read = rest[0].name if rest else ""
        return [
            (address, "reference", read)
            for address in self._instances(module_address, local, key, pairing_key)
        ]

    def _instances(
        self, module_address: str, local: str, key: InstanceKey, pairing_key: InstanceKey
    ) -> list[str]:
        candidates = self.by_config.get((module_address, local), [])
        if key is not None and key != "*":
            return [c.address for c in candidates if c.index == key]
        if len(candidates) > 1 and pairing_key is not None:
            # `aws_x.y[each.key]` is listed as plain `aws_x.y`: the same key is the likely target.
            paired = [c.address for c in candidates if c.index == pairing_key]
            if paired:
                return paired
        return [c.address for c in candidates]

    def _through_module_input(
        self, name: str, module_address: str, hops: int
    ) -> list[tuple[str, str, str]]:
        if not module_address:
            return []  # a root variable: its value, if literal, is matched as a literal
        call = self.world.module_calls.get(module_config_path(module_address))
        expression = call.inputs.get(name) if call else None
        if expression is None:
            return []
        parent = module_instance_parent(module_address)
        steps = split_steps(module_address)
        key = steps[-1].key if steps else None
        found: list[tuple[str, str, str]] = []
        for reference in expression.references:
            for target, via, read in self._resolve(reference, parent, key, hops + 1):
                found.append((target, f"var.{name} <- {via}", read))
        return found

    def _through_module_output(
        self, steps: list, module_address: str, hops: int
    ) -> list[tuple[str, str, str]]:
        call_step, output = steps[1], steps[2].name
        child_prefix = join_module(module_address, f"module.{call_step.name}")
        child_path = module_config_path(child_prefix)
        call = self.world.module_calls.get(child_path)
        expression = call.outputs.get(output) if call else None
        if expression is None:
            return []
        if call_step.key is not None and call_step.key != "*":
            instances = [child_prefix + format_key(call_step.key)]
        else:
            instances = [
                address
                for address in self.module_instances.get(child_path, ())
                if module_instance_parent(address) == module_address
            ]
        found: list[tuple[str, str, str]] = []
        for child in instances:
            for reference in expression.references:
                for target, via, read in self._resolve(reference, child, None, hops + 1):
                    found.append((target, f"module.{call_step.name}.{output} <- {via}", read))
        return found


def most_specific(references: list[str]) -> list[str]:
    """The references that are not merely a prefix of another one in the same list.

    Terraform lists each reference unwrapped step by step (`aws_sns_topic.t["eu"].arn`,
    `aws_sns_topic.t["eu"]`, `aws_sns_topic.t`); the shorter forms add nothing, and the bare
    `aws_sns_topic.t` would otherwise link every instance of `t`.
    """
    if len(references) < 2:
        return references
    # Every proper prefix ending at a step boundary is dominated (linear in the text length).
    dominated = {
        reference[:position]
        for reference in references
        for position, character in enumerate(reference)
        if character in ".[" and position
    }
    return [reference for reference in references if reference not in dominated]


def _external_resource(
    address: str, arn: str, resource_type: str, sensitive: bool
) -> ResourceInstance:
    return ResourceInstance(
        address=address,
        module_address="",
        mode="external",
        type=resource_type,
        name=SENSITIVE if sensitive else arn.rsplit(":", 1)[-1],
        index=None,
        provider_name="",
        provider_config_key=None,
        values={"arn": arn},
        sensitive={"arn": True} if sensitive else False,
    )


def _unchain(chain: tuple) -> tuple[str | int, ...]:
    """(key, (parent key, (…, ()))) -> (…, parent key, key)."""
    steps: list[str | int] = []
    while chain:
        key, chain = chain
        steps.append(key)
    return tuple(reversed(steps))
