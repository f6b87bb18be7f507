"""Module and resource instances: `count` and `for_each` expanded, each with its own scope.

A `ModuleInstance` is one instance of a module (`module.mail["eu"]`); it answers what its
expressions can see — `var.*` (the caller's inputs or the defaults), `local.*`, `module.*`
outputs, and the configured attributes of its resources — lazily, with a guard against cycles.
When `count` or `for_each` cannot be known, one instance is kept under the keyless address and
the reason is recorded, so consumers can report unknown instead of guessing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sespolicy.hcl.blocks import (
    RESOURCE_META_ARGUMENTS,
    RESOURCE_META_BLOCKS,
    ModuleCallConfig,
    ModuleConfig,
    ResourceConfig,
)
from sespolicy.hcl.evaluate import (
    UNKNOWN,
    LazyMapping,
    Scope,
    as_number,
    contains_unknown,
    evaluate,
)
from sespolicy.hcl.providers import ProviderKeys
from sespolicy.hcl.references import attribute_paths_in, format_steps, references_in, uses_any
from sespolicy.hcl.schema import BlockSchema, block_schema
from sespolicy.hcl.syntax import Attribute, Block, Expression
from sespolicy.hcl.variables import convert_to_type

InstanceKey = int | str | None


@dataclass(frozen=True)
class Unresolved:
    address: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"address": self.address, "reason": self.reason}


@dataclass
class Expansion:
    """The instances of one resource or module call: (key, each/count bindings) pairs."""

    instances: list[tuple[InstanceKey, dict[str, Any]]]
    unknown_reason: str | None = None


def instance_suffix(key: InstanceKey) -> str:
    if key is None:
        return ""
    return format_steps((("index", key),))


@dataclass
class EvaluationRun:
    """State shared by every module instance of one load: cycle guard and what stayed unknown."""

    root_directory: str
    provider_keys: ProviderKeys | None = None
    unresolved: list[Unresolved] = field(default_factory=list)
    _in_progress: set[tuple[str, str]] = field(default_factory=set)

    def guarded(self, key: tuple[str, str], compute: Callable[[], Any]) -> Any:
        if key in self._in_progress:
            return UNKNOWN  # a cycle: Terraform would refuse it; we just cannot know
        self._in_progress.add(key)
        try:
            return compute()
        finally:
            self._in_progress.discard(key)

    def note(self, address: str, reason: str) -> None:
        entry = Unresolved(address, reason)
        if entry not in self.unresolved:
            self.unresolved.append(entry)


class ModuleInstance:
    def __init__(
        self,
        config: ModuleConfig,
        address: str,
        run: EvaluationRun,
        variable_source: Callable[[str], Any],
        parent: ModuleInstance | None = None,
        inputs: Mapping[str, Attribute] | None = None,
    ):
        self.config = config
        self.address = address
        self.run = run
        self.parent = parent
        self._inputs = dict(inputs or {})
        self._sensitive: frozenset[str] | None = None
        self._variable_source = variable_source
        self._expansions: dict[str, Expansion] = {}
        self._children: dict[str, dict[InstanceKey, ModuleInstance]] = {}
        self.variables = LazyMapping(self._variable, lambda: list(self.config.variables))
        self.locals = LazyMapping(self._local, lambda: list(self.config.locals))
        self.outputs = LazyMapping(self._output, lambda: list(self.config.outputs))
        self._module_values = LazyMapping(self._module_value, lambda: list(config.module_calls))
        self._resource_types: dict[str, Any] = {}
        self._managed = {
            (r.type, r.name): r for r in config.resources if r.mode == "managed"
        }
        self._prepared = False

    # --- what expressions see ---------------------------------------------------------

    def scope(self, bindings: Mapping[str, Any] | None = None) -> Scope:
        module_dir = os.path.relpath(self.config.directory, self.run.root_directory)
        roots: dict[str, Any] = {
            "var": self.variables,
            "local": self.locals,
            "module": self._module_values,
            "path": {"module": module_dir, "root": ".", "cwd": self.run.root_directory},
            "terraform": {"workspace": "default"},
            "data": LazyMapping(self._data_type, lambda: []),
            "count": UNKNOWN,
            "each": UNKNOWN,
        }
        roots.update(bindings or {})
        return Scope(roots, self._resource_type)

    def _variable(self, name: str) -> Any:
        return self.run.guarded((self.address, f"var.{name}"), lambda: self._variable_source(name))

    def _local(self, name: str) -> Any:
        attribute = self.config.locals.get(name)
        if attribute is None:
            return UNKNOWN
        return self.run.guarded(
            (self.address, f"local.{name}"), lambda: evaluate(attribute.expression, self.scope())
        )

    def _output(self, name: str) -> Any:
        output = self.config.outputs.get(name)
        if output is None or output.expression is None:
            return UNKNOWN
        expression = output.expression.expression
        return self.run.guarded(
            (self.address, f"output.{name}"), lambda: evaluate(expression, self.scope())
        )

    def _module_value(self, call_name: str) -> Any:
        call = self.config.module_calls.get(call_name)
        if call is None or call.module is None:
            return UNKNOWN
        expansion = self.expand_call(call)
        if expansion.unknown_reason is not None:
            return UNKNOWN
        children = self.children(call)
        if call.count is not None:
            return [children[key].outputs for key, _ in expansion.instances]
        if call.for_each is not None:
            return {str(key): children[key].outputs for key, _ in expansion.instances}
        return children[None].outputs

    def sensitive_references(self) -> frozenset[str]:
        """What Terraform marks sensitive in this module instance, as index-free paths (see
        `uses_any`): a variable declared sensitive or given something sensitive by the caller,
        a module output declared sensitive, and - until nothing changes - a local or a resource
        attribute (or nested block) that uses any of these, and every attribute the provider
        schema declares sensitive.
        """
        if self._sensitive is None:
            found = {f"var.{name}" for name, v in self.config.variables.items() if v.sensitive}
            if self.parent is not None:
                caller = self.parent.sensitive_references()
                for name, attribute in self._inputs.items():
                    if uses_any(attribute.expression, caller):
                        found.add(f"var.{name}")
            for call_name, call in self.config.module_calls.items():
                if call.module is not None:
                    found.update(
                        f"module.{call_name}.{output}"
                        for output, config in call.module.outputs.items()
                        if config.sensitive
                    )
            for resource in self.config.resources:
                schema = self._schema_of(resource)
                if schema is not None:
                    found.update(f"{resource.address}.{name}" for name in schema.sensitive)
            readers = [
                (f"local.{name}", attribute.expression)
                for name, attribute in self.config.locals.items()
            ]
            for resource in self.config.resources:
                readers.extend(_resource_readers(resource))
            _spread_sensitivity(found, readers)
            self._sensitive = frozenset(found)
        return self._sensitive

    def _schema_of(self, resource: ResourceConfig) -> BlockSchema | None:
        provider_name = self.config.full_name_of(resource.provider_local_key.split(".")[0])
        return block_schema(resource.mode, resource.type, provider_name)

    def _data_type(self, type_name: str) -> Any:
        if type_name not in PLAN_TIME_DATA_SOURCES:
            return UNKNOWN  # read from the cloud at plan time: not knowable here
        return LazyMapping(lambda name: self._data_value(type_name, name), lambda: [])

    def _data_value(self, type_name: str, name: str) -> Any:
        resource = next(
            (
                r
                for r in self.config.resources
                if r.mode == "data" and r.type == type_name and r.name == name
            ),
            None,
        )
        if resource is None or resource.count is not None or resource.for_each is not None:
            return UNKNOWN
        if resource.waits_for_changes:
            return UNKNOWN  # read at apply, after what it depends on
        return PLAN_TIME_DATA_SOURCES[type_name](self, resource)

    def provider_region(self, resource: ResourceConfig) -> Any:
        """The `region` of the provider configuration the resource ends up with, if known."""
        keys = self.run.provider_keys
        if keys is None:
            return UNKNOWN
        entry = keys.entry_for(keys.resource_key(self.config, resource))
        if entry is None or entry.block is None:
            return UNKNOWN  # no provider block: the Region comes from the environment
        region = entry.block.block.attribute("region")
        owner: ModuleInstance | None = self
        while owner is not None and owner.config.address != entry.module_address:
            owner = owner.parent
        if region is None or owner is None:
            return UNKNOWN
        return evaluate(region.expression, owner.scope())

    def _resource_type(self, type_name: str) -> Any:
        # One mapping per type, so a resource's values are worked out once however often
        # they are read.
        if type_name not in self._resource_types:
            names = [name for kind, name in self._managed if kind == type_name]
            self._resource_types[type_name] = (
                LazyMapping(lambda name: self._resource_value(type_name, name), lambda: names)
                if names
                else UNKNOWN
            )
        return self._resource_types[type_name]

    def _resource_value(self, type_name: str, name: str) -> Any:
        resource = self._managed.get((type_name, name))
        if resource is None:
            return UNKNOWN
        expansion = self.expand_resource(resource)
        if expansion.unknown_reason is not None:
            return UNKNOWN
        objects = {
            key: self._configured_object(resource, bindings)
            for key, bindings in expansion.instances
        }
        if resource.count is not None:
            return [objects[key] for key, _ in expansion.instances]
        if resource.for_each is not None:
            return {str(key): value for key, value in objects.items()}
        return objects.get(None, UNKNOWN)

    def _configured_object(self, resource: ResourceConfig, bindings: dict[str, Any]) -> Any:
        """What another expression can know of a resource: the attributes written in it."""
        attributes = {
            name: attribute
            for name, attribute in resource.block.attributes.items()
            if name not in RESOURCE_META_ARGUMENTS
        }
        scope = self.scope(bindings)
        guard_key = f"{resource.address}{bindings!r}"

        def compute(name: str) -> Any:
            attribute = attributes.get(name)
            if attribute is None:
                return UNKNOWN  # computed by the provider, or unset: not knowable here
            return self.run.guarded(
                (self.address, f"{guard_key}.{name}"),
                lambda: evaluate(attribute.expression, scope),
            )

        return LazyMapping(compute, lambda: list(attributes))

    # --- evaluation order ---------------------------------------------------------------

    def prepare_values(self) -> None:
        """Work out locals, resources and module calls dependencies first, so that reading one
        finds what it refers to already computed: evaluation then nests only as deep as one
        expression, not as long as a chain of references (hundreds of links would otherwise
        exhaust Python's stack)."""
        if self._prepared:
            return
        self._prepared = True
        # The caller prepared what the inputs read before preparing this instance.
        _touch(self.variables)
        for kind, name in _dependency_order(self._value_nodes()):
            if kind == "local":
                _ = self.locals[name]
            elif kind == "module":
                call = self.config.module_calls[name]
                if self.expand_call(call).unknown_reason is None:
                    for child in self.children(call).values():
                        child.prepare_values()
                        _touch(child.outputs)
            else:
                type_name, resource_name = kind, name
                _touch(self._resource_type(type_name).get(resource_name, UNKNOWN))

    def _value_nodes(self) -> dict[tuple[str, str], list[Expression]]:
        """Each local, managed resource and module call with the expressions it reads."""
        nodes: dict[tuple[str, str], list[Expression]] = {
            ("local", name): [attribute.expression]
            for name, attribute in self.config.locals.items()
        }
        for (type_name, name), resource in self._managed.items():
            nodes[(type_name, name)] = list(_block_expressions(resource.block))
        for name, call in self.config.module_calls.items():
            nodes[("module", name)] = [
                attribute.expression
                for attribute_name, attribute in call.block.attributes.items()
                if attribute_name not in ("source", "version", "providers", "depends_on")
            ]
        return nodes

    # --- instances ------------------------------------------------------------------

    def resource_address(self, resource: ResourceConfig, key: InstanceKey = None) -> str:
        local = resource.address + instance_suffix(key)
        return f"{self.address}.{local}" if self.address else local

    def call_address(self, call: ModuleCallConfig, key: InstanceKey = None) -> str:
        local = f"module.{call.name}{instance_suffix(key)}"
        return f"{self.address}.{local}" if self.address else local

    def expand_resource(self, resource: ResourceConfig) -> Expansion:
        cache_key = f"resource:{resource.address}"
        if cache_key not in self._expansions:
            self._expansions[cache_key] = self._expand(
                resource.count, resource.for_each, self.resource_address(resource)
            )
        return self._expansions[cache_key]

    def expand_call(self, call: ModuleCallConfig) -> Expansion:
        cache_key = f"module:{call.name}"
        if cache_key not in self._expansions:
            self._expansions[cache_key] = self._expand(
                call.count, call.for_each, self.call_address(call)
            )
        return self._expansions[cache_key]

    def _expand(
        self, count: Attribute | None, for_each: Attribute | None, address: str
    ) -> Expansion:
        if count is not None:
            expansion = expand_count(evaluate(count.expression, self.scope()))
            argument = count
        elif for_each is not None:
            expansion = expand_for_each(evaluate(for_each.expression, self.scope()))
            argument = for_each
        else:
            return Expansion([(None, {})])
        if expansion.unknown_reason is not None:
            subjects = _reference_subjects(argument)
            reason = expansion.unknown_reason
            if subjects:
                reason += f" (it uses {', '.join(subjects)})"
            reason += f"; one instance is kept under {address} and its values may be incomplete"
            self.run.note(address, reason)
        return expansion

    def children(self, call: ModuleCallConfig) -> dict[InstanceKey, ModuleInstance]:
        if call.module is None:
            return {}
        if call.name not in self._children:
            expansion = self.expand_call(call)
            self._children[call.name] = {
                key: self._child(call, key, bindings) for key, bindings in expansion.instances
            }
        return self._children[call.name]

    def _child(
        self, call: ModuleCallConfig, key: InstanceKey, bindings: dict[str, Any]
    ) -> ModuleInstance:
        assert call.module is not None
        child_config = call.module
        caller_scope = self.scope(bindings)
        inputs = call.inputs
        address = self.call_address(call, key)

        def variable_source(name: str) -> Any:
            variable = child_config.variables.get(name)
            if name in inputs:
                return evaluate(inputs[name].expression, caller_scope)
            if variable is not None and variable.has_default:
                return convert_to_type(variable.default, variable.type_text)
            self.run.note(
                f"{address}.var.{name}",
                f"module input {name!r} has no value and no default",
            )
            return UNKNOWN

        return ModuleInstance(
            child_config, address, self.run, variable_source, parent=self, inputs=inputs
        )


def _aws_region(instance: ModuleInstance, resource: ResourceConfig) -> Any:
    """`data "aws_region"`: its `region` (v6) or `name` argument, else the provider's Region.

    Terraform reads this data source at plan time from the provider configuration alone, so its
    value is as knowable as the provider's `region`.
    """
    scope = instance.scope()
    for argument in ("region", "name"):
        attribute = resource.block.attribute(argument)
        if attribute is not None:
            region = evaluate(attribute.expression, scope)
            break
    else:
        region = instance.provider_region(resource)
    if not isinstance(region, str):
        return UNKNOWN
    return {"region": region, "name": region, "id": region}


PLAN_TIME_DATA_SOURCES: dict[str, Callable[[ModuleInstance, ResourceConfig], Any]] = {
    "aws_region": _aws_region,
}


def _reference_subjects(attribute: Attribute) -> list[str]:
    """What an expression uses, each once, in full (`aws_sns_topic.source.arn`)."""
    references = list(dict.fromkeys(references_in(attribute.expression)))
    return [
        reference
        for reference in references
        if not any(
            other.startswith(reference) and other != reference and other[len(reference)] in ".["
            for other in references
        )
    ]


def _unknown_expansion(reason: str) -> Expansion:
    unknown = {"count": {"index": UNKNOWN}, "each": {"key": UNKNOWN, "value": UNKNOWN}}
    return Expansion([(None, unknown)], unknown_reason=reason)


def expand_count(value: Any) -> Expansion:
    if value is UNKNOWN or contains_unknown(value):
        return _unknown_expansion("count depends on a value that cannot be known from HCL")
    if isinstance(value, str):
        value = as_number(value) if as_number(value) is not None else value  # "2" counts as 2
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return _unknown_expansion(f"count is not a whole number ({value!r})")
    if isinstance(value, float) and not value.is_integer():
        return _unknown_expansion(f"count is not a whole number ({value!r})")
    return Expansion([(index, {"count": {"index": index}}) for index in range(int(value))])


def expand_for_each(value: Any) -> Expansion:
    if value is UNKNOWN:
        return _unknown_expansion("for_each depends on a value that cannot be known from HCL")
    if isinstance(value, Mapping):
        keys = list(value)
        if any(not isinstance(key, str) for key in keys):
            return _unknown_expansion("for_each map keys are not all known")
        return Expansion(
            [(key, {"each": {"key": key, "value": value[key]}}) for key in sorted(keys)]
        )
    if isinstance(value, list):
        if any(not isinstance(item, str) for item in value):
            return _unknown_expansion("for_each set holds values that are unknown or not strings")
        keys = sorted(set(value))
        return Expansion([(key, {"each": {"key": key, "value": key}}) for key in keys])
    return _unknown_expansion(f"for_each is neither a map nor a set of strings ({value!r})")


def _resource_readers(resource: ResourceConfig) -> Iterator[tuple[str, Expression]]:
    """(what becomes sensitive, an expression it reads) for a resource's attributes; a nested
    block counts as one part, whichever of its attributes reads something sensitive."""
    for name, attribute in resource.block.attributes.items():
        if name not in RESOURCE_META_ARGUMENTS:
            yield f"{resource.address}.{name}", attribute.expression
    stack = [(nested.type, nested) for nested in resource.block.blocks]
    while stack:
        part, block = stack.pop()
        if block.type in RESOURCE_META_BLOCKS:
            continue
        for attribute in block.attributes.values():
            yield f"{resource.address}.{part}", attribute.expression
        stack.extend((part, nested) for nested in block.blocks)


def _subject_of(path: str) -> str:
    """What a reference path starts from: `aws_x.y`, `data.aws_x.y`, `local.n`, `module.m`."""
    parts = path.split(".", 3)
    return ".".join(parts[:3] if parts[0] == "data" else parts[:2])


def _spread_sensitivity(found: set[str], readers: list[tuple[str, Expression]]) -> None:
    """Add to `found` every reader's name whose expression uses something in it, until nothing
    changes. A worklist: a newly sensitive path re-checks only the readers of its subject, so a
    long chain of references is followed in time linear in its length."""
    by_subject: dict[str, list[int]] = {}
    for position, (_, expression) in enumerate(readers):
        for path in attribute_paths_in(expression):
            by_subject.setdefault(_subject_of(path), []).append(position)
    pending = list(found)
    while pending:
        subject = _subject_of(pending.pop())
        for position in by_subject.get(subject, ()):
            name, expression = readers[position]
            if name not in found and uses_any(expression, found):
                found.add(name)
                pending.append(name)


def _block_expressions(block: Block) -> Iterator[Expression]:
    for attribute in block.attributes.values():
        yield attribute.expression
    for nested in block.blocks:
        yield from _block_expressions(nested)


def _node_of(path: str) -> tuple[str, str] | None:
    """The evaluation node a reference path reads: a local, a managed resource, a module."""
    parts = path.split(".")
    if len(parts) < 2 or parts[0] in ("var", "data", "path", "terraform", "count", "each", "self"):
        return None
    return (parts[0], parts[1])


def _dependency_order(
    nodes: dict[tuple[str, str], list[Expression]],
) -> list[tuple[str, str]]:
    """The nodes, each after the nodes it reads (a depth-first post-order, without recursion;
    a cycle, which Terraform refuses, is cut where it closes)."""
    reads = {
        node: [
            target
            for expression in expressions
            for path in attribute_paths_in(expression)
            if (target := _node_of(path)) in nodes and target != node
        ]
        for node, expressions in nodes.items()
    }
    order: list[tuple[str, str]] = []
    state: dict[tuple[str, str], bool] = {}  # False while on the stack, True once placed
    for start in nodes:
        if start in state:
            continue
        state[start] = False
        stack = [(start, iter(reads[start]))]
        while stack:
            node, pending = stack[-1]
            target = next(pending, None)
            if target is None:
                stack.pop()
                state[node] = True
                order.append(node)
            elif target not in state:
                state[target] = False
                stack.append((target, iter(reads[target])))
    return order


def _touch(value: Any) -> None:
    """Read every part of a lazily computed value, so each is computed and kept."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping):
            stack.extend(current[key] for key in current)
        elif isinstance(current, list):
            stack.extend(current)
