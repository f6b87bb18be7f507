"""The world after apply, as typed records built from a plan or state document.

A plan says three things about every resource: what Terraform will write (`planned_values`,
`resource_changes[].change.after`), which of those values stay unknown until apply
(`after_unknown`) and which are sensitive (`after_sensitive`), and - in `configuration` - the
expressions that produced them. The policies need all three, joined per resource instance.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sespolicy.world.addresses import (
    InstanceKey,
    join_module,
    module_config_path,
    resource_local_address,
)


@dataclass(frozen=True)
class Expression:
    """One configuration expression: a constant, references, or both absent (opaque)."""

    constant: Any = None
    has_constant: bool = False
    references: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Expression:
        references = raw.get("references") or ()
        if "constant_value" in raw:
            return cls(raw["constant_value"], True, tuple(references))
        return cls(references=tuple(references))


LEAF_KEYS = frozenset({"constant_value", "references"})


def is_expression(raw: Any) -> bool:
    """Expression leaves are objects with only `constant_value` and/or `references` keys, the
    references an array (or null). An object of those keys whose `references` is an object is
    a nested block with an attribute of that name."""
    if not isinstance(raw, dict) or not raw.keys() <= LEAF_KEYS:
        return False
    references = raw.get("references")
    return references is None or isinstance(references, list)


def iter_expressions(
    expressions: Mapping[str, Any], prefix: str = ""
) -> Iterator[tuple[str, Expression]]:
    """Yield (attribute path, expression) for every leaf, nested blocks as `block[0].attr`."""
    for name, raw in expressions.items():
        path = f"{prefix}{name}"
        if is_expression(raw):
            yield path, Expression.from_json(raw)
        elif isinstance(raw, list):
            for position, block in enumerate(raw):
                if isinstance(block, dict):
                    yield from iter_expressions(block, f"{path}[{position}].")
        elif isinstance(raw, dict):
            yield from iter_expressions(raw, f"{path}.")


def iter_references(
    expressions: Mapping[str, Any], prefix: str = ""
) -> Iterator[tuple[str, list[str]]]:
    """Yield (attribute path, references) for every leaf that has references.

    The graph's hot loop: unlike iter_expressions it builds no records, and no path for the
    (many) constant leaves.
    """
    for name, raw in expressions.items():
        if isinstance(raw, dict):
            references = raw.get("references")
            if type(references) is list and raw.keys() <= LEAF_KEYS:
                if references:
                    yield f"{prefix}{name}", references
            elif not raw.keys() <= LEAF_KEYS or type(references) is dict:
                yield from iter_references(raw, f"{prefix}{name}.")
        elif isinstance(raw, list):
            for position, block in enumerate(raw):
                if isinstance(block, dict):
                    yield from iter_references(block, f"{prefix}{name}[{position}].")


@dataclass(frozen=True)
class ConfigResource:
    """A resource block of the configuration (module-relative, no instance keys)."""

    module_path: str  # configuration path of its module, e.g. "module.mail" ("" at the root)
    local_address: str  # e.g. "aws_sns_topic.bounces" or "data.aws_region.current"
    mode: str
    type: str
    name: str
    provider_config_key: str | None
    expressions: Mapping[str, Any]
    count_expression: Expression | None = None
    for_each_expression: Expression | None = None

    @property
    def address(self) -> str:
        return join_module(self.module_path, self.local_address)


@dataclass(frozen=True)
class ModuleCall:
    """A `module "name" {}` block: its inputs and the configuration inside it."""

    path: str  # configuration path of the called module, e.g. "module.mail"
    parent_path: str
    name: str
    source: str | None
    inputs: Mapping[str, Expression]
    variable_defaults: Mapping[str, Any]
    outputs: Mapping[str, Expression]
    # Variables the module declares `sensitive = true`: their values may judge, never print.
    sensitive_variables: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ProviderConfig:
    key: str  # "aws", "aws.eu", "module.mail:aws"
    name: str
    full_name: str | None
    alias: str | None
    module_path: str  # "" for a root provider block
    expressions: Mapping[str, Expression]
    version_constraint: str | None


@dataclass
class ResourceInstance:
    """One resource instance that exists after apply (or a data source read)."""

    address: str
    module_address: str  # with instance keys, "" at the root
    mode: str  # "managed" | "data" | "external" (an ARN named in the plan but not managed by it)
    type: str
    name: str
    index: InstanceKey
    provider_name: str
    provider_config_key: str | None
    values: Mapping[str, Any]
    unknown: Any = False  # the after_unknown structure (True, or nested dicts/lists of bools)
    sensitive: Any = False  # the after_sensitive / sensitive_values structure
    action: str = "no-op"
    config: ConfigResource | None = None
    # The object as it is before apply (`change.before`), for resources that exist already.
    prior: Mapping[str, Any] = field(default_factory=dict)
    prior_sensitive: Any = False

    @property
    def config_address(self) -> str:
        return join_module(
            module_config_path(self.module_address),
            resource_local_address(self.mode, self.type, self.name),
        )

    @property
    def expressions(self) -> Mapping[str, Any]:
        return self.config.expressions if self.config else {}


@dataclass
class World:
    """Everything the graph needs from one document."""

    source: str
    kind: str
    resources: dict[str, ResourceInstance] = field(default_factory=dict)
    config_resources: dict[str, ConfigResource] = field(default_factory=dict)
    module_calls: dict[str, ModuleCall] = field(default_factory=dict)
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    # Root variables declared `sensitive = true`. Terraform writes their values in plain in
    # `variables` (and as defaults in `configuration`); only this says not to print them.
    sensitive_variables: frozenset[str] = frozenset()
    format_version: str | None = None
    terraform_version: str | None = None
    has_configuration: bool = False
    # Addresses the .tf reader could not expand or evaluate, with the reason (HCL input only).
    unresolved: dict[str, str] = field(default_factory=dict)
    # ARNs of the objects the plan deletes: gone from the world, in every input of an estate.
    deleted_arns: set[str] = field(default_factory=set)

    def config_for(self, instance: ResourceInstance) -> ConfigResource | None:
        return self.config_resources.get(instance.config_address)
