"""`planned_values` and `resource_changes`: every instance, with what HCL can know of it.

Managed resources are `create`s with `before` null; a data source appears in planned values, and
also as a deferred `read` change when its configuration is not fully known, as Terraform does.
Values that come from references are left out of `after` and marked `true` in
`after_unknown` (inside lists they stay as null so positions line up).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sespolicy.hcl.blocks import (
    MODULE_META_ARGUMENTS,
    RESOURCE_META_ARGUMENTS,
    RESOURCE_META_BLOCKS,
)
from sespolicy.hcl.evaluate import UNKNOWN, LazyMapping, Scope, evaluate
from sespolicy.hcl.expressions import SINGLE_NESTED_BLOCKS
from sespolicy.hcl.instances import ModuleInstance
from sespolicy.hcl.plan_configuration import ordered_resources, schema_version
from sespolicy.hcl.providers import ProviderKeys
from sespolicy.hcl.references import uses_any
from sespolicy.hcl.schema import BlockSchema, block_schema, convert
from sespolicy.hcl.syntax import Block


def planned_module(
    instance: ModuleInstance, keys: ProviderKeys
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    instance.prepare_values()
    planned: dict[str, Any] = {}
    resources: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for resource in ordered_resources(instance.config.resources):
        for key, bindings in instance.expand_resource(resource).instances:
            scope = instance.scope(bindings)
            provider_name = instance.config.full_name_of(resource.provider_local_key.split(".")[0])
            schema = block_schema(resource.mode, resource.type, provider_name)
            after, unknown, sensitive = body_values(
                resource.block, scope, instance.sensitive_references(), schema
            )
            address = instance.resource_address(resource, key)
            common: dict[str, Any] = {
                "address": address,
                "mode": resource.mode,
                "type": resource.type,
                "name": resource.name,
            }
            if key is not None:
                common["index"] = key
            resources.append(
                {
                    **common,
                    "provider_name": provider_name,
                    "schema_version": schema_version(resource.mode, resource.type, provider_name),
                    "values": after,
                    "sensitive_values": sensitive,
                }
            )
            waits = resource.waits_for_changes
            deferred_read = resource.mode == "data" and (bool(unknown) or waits)
            if resource.mode == "managed" or deferred_read:
                change: dict[str, Any] = {"address": address}
                if instance.address:
                    change["module_address"] = instance.address
                change.update({k: v for k, v in common.items() if k != "address"})
                change["provider_name"] = provider_name
                change["change"] = {
                    "actions": ["read"] if deferred_read else ["create"],
                    "before": None,
                    "after": after,
                    "after_unknown": unknown,
                    "before_sensitive": False,
                    "after_sensitive": sensitive,
                }
                if deferred_read:
                    change["action_reason"] = (
                        "read_because_dependency_pending"
                        if waits and not unknown
                        else "read_because_config_unknown"
                    )
                changes.append(change)
    resources.sort(key=lambda entry: entry["address"])
    if resources:
        planned["resources"] = resources
    if instance.address:
        planned["address"] = instance.address
    child_modules = []
    for name in sorted(instance.config.module_calls):
        call = instance.config.module_calls[name]
        for child in instance.children(call).values():
            child_planned, child_changes = planned_module(child, keys)
            changes.extend(child_changes)
            if child_planned.get("resources") or child_planned.get("child_modules"):
                child_modules.append(child_planned)
    if child_modules:
        planned["child_modules"] = sorted(child_modules, key=lambda entry: entry["address"])
    return planned, changes


def body_values(
    block: Block,
    scope: Scope,
    sensitive_refs: frozenset[str] = frozenset(),
    schema: BlockSchema | None = None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(after, after_unknown, after_sensitive) of a resource body, as Terraform writes them."""
    after: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    sensitive: dict[str, Any] = {}
    for name, attribute in block.attributes.items():
        if name in RESOURCE_META_ARGUMENTS or name in MODULE_META_ARGUMENTS:
            continue
        value = evaluate(attribute.expression, scope)
        if schema is not None and name in schema.attribute_types:
            value = convert(value, schema.attribute_types[name])
        known, marks = split_unknown(value)
        if known is not _OMIT:
            after[name] = known
        if marks is not False:
            unknown[name] = marks
        if uses_any(attribute.expression, sensitive_refs):
            # The whole attribute, where Terraform may mark single elements: more is hidden,
            # never less.
            sensitive[name] = True
    if schema is not None:
        # Terraform marks what the provider declares sensitive, set, computed or null alike.
        sensitive.update(dict.fromkeys(schema.sensitive, True))
    for nested in block.blocks:
        if nested.type in RESOURCE_META_BLOCKS and nested.type != "dynamic":
            continue
        if nested.type == "dynamic":
            # The blocks a `dynamic` produces are not worked out here: unknown as a whole.
            label = nested.labels[0] if nested.labels else "dynamic"
            unknown[label] = True
            after.pop(label, None)
            continue
        if unknown.get(nested.type) is True:
            continue
        nesting, nested_schema = _nesting(schema, nested.type)
        nested_after, nested_unknown, nested_sensitive = body_values(
            nested, scope, sensitive_refs, nested_schema
        )
        if nesting in ("single", "group"):
            after[nested.type] = nested_after
            unknown[nested.type] = nested_unknown
            if nested_sensitive:
                sensitive[nested.type] = nested_sensitive
            continue
        after.setdefault(nested.type, []).append(nested_after)
        unknown.setdefault(nested.type, []).append(nested_unknown)
        marks = sensitive.setdefault(nested.type, [])
        if marks is True:
            continue
        if nesting == "set" and nested_sensitive:
            # Set elements have no address of their own, so Terraform marks the whole set.
            sensitive[nested.type] = True
        else:
            marks.append(nested_sensitive)  # one entry per block, so positions line up
    for name, marks in list(sensitive.items()):
        if isinstance(marks, list) and not any(marks):
            del sensitive[name]
    return dict(sorted(after.items())), dict(sorted(unknown.items())), sensitive


def _nesting(schema: BlockSchema | None, block_type: str) -> tuple[str, BlockSchema | None]:
    if schema is not None and block_type in schema.nested:
        return schema.nested[block_type]
    if schema is None and block_type in SINGLE_NESTED_BLOCKS:
        return "single", None
    return "list", None


class _Omit:
    def __repr__(self) -> str:
        return "OMIT"


_OMIT: Any = _Omit()


def split_unknown(value: Any) -> tuple[Any, Any]:
    """(value with unknown parts taken out, Terraform's after_unknown marks for it)."""
    if value is UNKNOWN or isinstance(value, LazyMapping):
        return _OMIT, True
    if isinstance(value, list):
        known_items, marks = [], []
        for item in value:
            known, mark = split_unknown(item)
            # Inside a list an unknown element stays as null so positions still line up.
            known_items.append(None if known is _OMIT else known)
            marks.append(mark)
        return known_items, marks
    if isinstance(value, Mapping):
        known_map, mark_map = {}, {}
        for key, item in value.items():
            known, mark = split_unknown(item)
            if known is not _OMIT:
                known_map[key] = known
            if mark is not False:
                mark_map[key] = mark
        return known_map, mark_map
    return value, False


def root_outputs(root: ModuleInstance) -> tuple[dict[str, Any], dict[str, Any]]:
    outputs: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    for name, output in sorted(root.config.outputs.items()):
        value = root.outputs[name]
        known, marks = split_unknown(value)
        entry: dict[str, Any] = {"sensitive": output.sensitive}
        if marks is not True:
            entry["value"] = known
        outputs[name] = entry
        change: dict[str, Any] = {"actions": ["create"], "before": None}
        if marks is not True:
            change["after"] = known  # Terraform leaves `after` out when it is unknown
        change.update(
            {
                "after_unknown": marks,
                "before_sensitive": output.sensitive,
                "after_sensitive": output.sensitive,
            }
        )
        changes[name] = change
    return outputs, changes
