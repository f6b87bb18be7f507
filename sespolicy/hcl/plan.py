"""Turn a `.tf` directory into a dict shaped like `terraform show -json` of a plan.

The result follows Terraform's JSON plan format (format_version 1.2) as far as it can be known
without Terraform: `configuration` (provider_config, modules, resources with expressions and
references), `variables`, `planned_values` and `resource_changes` (every managed resource is a
`create`; values that come from references are absent from `after` and `true` in
`after_unknown`, as Terraform writes them). What HCL alone cannot settle is listed in the extra
top-level key `sespolicy_unresolved` as `{"address", "reason"}` entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.hcl.config import (
    MODULE_META_ARGUMENTS,
    RESOURCE_META_ARGUMENTS,
    RESOURCE_META_BLOCKS,
    ModuleCallConfig,
    ModuleConfig,
    ResourceConfig,
    read_configuration,
)
from sespolicy.hcl.expressions import (
    SINGLE_NESTED_BLOCKS,
    body_expressions,
    expression_json,
    optional_expression,
)
from sespolicy.hcl.instances import EvaluationRun, ModuleInstance
from sespolicy.hcl.providers import ProviderKeys, resolve_provider_keys
from sespolicy.hcl.references import references_in
from sespolicy.hcl.syntax import Block
from sespolicy.hcl.values import UNKNOWN, LazyMapping, Scope, evaluate
from sespolicy.hcl.variables import convert_to_type, root_variable_values

FORMAT_VERSION = "1.2"
UNRESOLVED_KEY = "sespolicy_unresolved"

# Schema versions differ from 0 only for a few resource types; the AWS provider's schema says
# so (checked against provider 6.47.0). Types not listed are written as 0.
SCHEMA_VERSIONS = {"aws_route53_record": 2, "aws_instance": 1, "aws_security_group": 1}


def load_directory(
    path: str,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Read the Terraform configuration in `path` into a plan-shaped dict."""
    directory = Path(path)
    if not directory.is_dir():
        raise InputError(f"{path} is not a directory")
    root_config = read_configuration(directory, directory)
    root_values = root_variable_values(root_config, var_files, variables or {})
    provider_keys = resolve_provider_keys(root_config)
    run = EvaluationRun(root_directory=str(directory.resolve()), provider_keys=provider_keys)
    for name in root_values.missing:
        run.note(f"var.{name}", "variable has no default and no value was given")
    for name in root_values.undeclared:
        run.note(
            f"var.{name}",
            "a value was given for a variable the configuration does not declare; it is ignored",
        )

    def root_variable(name: str) -> Any:
        return root_values.values.get(name, UNKNOWN)

    root = ModuleInstance(root_config, "", run, root_variable)
    _note_unreadable(root_config, run)

    planned_root, changes = _planned_module(root, provider_keys)
    plan: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "terraform_version": None,
        # Terraform leaves `variables` out when the root module declares none.
        **(
            {"variables": {name: {"value": v} for name, v in root_values.values.items()}}
            if root_values.values
            else {}
        ),
        "planned_values": {"root_module": planned_root},
        "resource_changes": changes,
        "configuration": {
            "provider_config": provider_keys.provider_config_json(),
            "root_module": _module_configuration(root_config, provider_keys),
        },
    }
    outputs, output_changes = _root_outputs(root)
    if outputs:
        plan["planned_values"]["outputs"] = outputs
        plan["output_changes"] = output_changes
    plan[UNRESOLVED_KEY] = [entry.to_json() for entry in run.unresolved]
    return plan


def _note_unreadable(module: ModuleConfig, run: EvaluationRun) -> None:
    for file in module.skipped_files:
        run.note(
            module.address or file,
            f"{file} is an override file; merging overrides is not supported, so it was not read",
        )
    for call in module.module_calls.values():
        address = ".".join(filter(None, [module.address, f"module.{call.name}"]))
        if call.unread_reason is not None:
            run.note(address, call.unread_reason)
        elif call.module is not None:
            _note_unreadable(call.module, run)


# --- configuration ---------------------------------------------------------------------


def _module_configuration(module: ModuleConfig, keys: ProviderKeys) -> dict[str, Any]:
    result: dict[str, Any] = {}
    outputs = {}
    for name, output in sorted(module.outputs.items()):
        entry: dict[str, Any] = {}
        if output.sensitive:
            entry["sensitive"] = True
        entry["expression"] = (
            expression_json(output.expression.expression) if output.expression else {}
        )
        depends_on = _depends_on(output.block)
        if depends_on:
            entry["depends_on"] = depends_on
        if output.description:
            entry["description"] = output.description
        outputs[name] = entry
    if outputs:
        result["outputs"] = outputs
    resources = [_resource_configuration(module, r, keys) for r in _ordered(module.resources)]
    if resources:
        result["resources"] = resources
    calls = {
        name: _call_configuration(module.module_calls[name], keys)
        for name in sorted(module.module_calls)
    }
    if calls:
        result["module_calls"] = calls
    variables = {}
    for name, variable in sorted(module.variables.items()):
        entry = {}
        if variable.has_default:
            # Terraform writes the default converted to the declared type (sets sorted …).
            entry["default"] = convert_to_type(variable.default, variable.type_text)
        if variable.description:
            entry["description"] = variable.description
        if variable.sensitive:
            entry["sensitive"] = True
        variables[name] = entry
    if variables:
        result["variables"] = variables
    return result


def _ordered(resources: list[ResourceConfig]) -> list[ResourceConfig]:
    # Terraform lists managed resources sorted by address, then data sources sorted by address.
    managed = sorted((r for r in resources if r.mode == "managed"), key=lambda r: r.address)
    data = sorted((r for r in resources if r.mode == "data"), key=lambda r: r.address)
    return managed + data


def _depends_on(block: Block) -> list[str]:
    attribute = block.attribute("depends_on")
    if attribute is None:
        return []
    subjects = []
    for reference in references_in(attribute.expression):
        if reference not in subjects and not any(s.startswith(reference + ".") for s in subjects):
            subjects.append(reference)
    # Terraform records each dependency once, as its subject (the shortest form).
    shortest = [
        r
        for r in subjects
        if not any(r.startswith(o + ".") or r.startswith(o + "[") for o in subjects if o != r)
    ]
    return shortest


def _resource_configuration(
    module: ModuleConfig, resource: ResourceConfig, keys: ProviderKeys
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "address": resource.address,
        "mode": resource.mode,
        "type": resource.type,
        "name": resource.name,
        "provider_config_key": keys.resource_key(module, resource),
    }
    expressions = body_expressions(
        resource.block, skip_attributes=RESOURCE_META_ARGUMENTS, skip_blocks=RESOURCE_META_BLOCKS
    )
    if expressions:
        entry["expressions"] = expressions
    entry["schema_version"] = SCHEMA_VERSIONS.get(resource.type, 0)
    count = optional_expression(resource.count.expression if resource.count else None)
    for_each = optional_expression(resource.for_each.expression if resource.for_each else None)
    if count is not None:
        entry["count_expression"] = count
    elif for_each is not None:
        entry["for_each_expression"] = for_each
    depends_on = _depends_on(resource.block)
    if depends_on:
        entry["depends_on"] = depends_on
    return entry


def _call_configuration(call: ModuleCallConfig, keys: ProviderKeys) -> dict[str, Any]:
    entry: dict[str, Any] = {"source": call.source}
    inputs = call.inputs
    if call.module is not None:
        # Terraform marshals only the arguments that match the child's variables.
        accepted = set(call.module.variables)
        inputs = {name: attr for name, attr in inputs.items() if name in accepted}
    expressions = {
        name: expression_json(attribute.expression) for name, attribute in sorted(inputs.items())
    }
    if expressions:
        entry["expressions"] = expressions
    count = optional_expression(call.count.expression if call.count else None)
    for_each = optional_expression(call.for_each.expression if call.for_each else None)
    if count is not None:
        entry["count_expression"] = count
    elif for_each is not None:
        entry["for_each_expression"] = for_each
    entry["module"] = _module_configuration(call.module, keys) if call.module is not None else {}
    if call.version:
        entry["version_constraint"] = call.version
    depends_on = _depends_on(call.block)
    if depends_on:
        entry["depends_on"] = depends_on
    return entry


# --- planned values and resource changes -----------------------------------------------


def _planned_module(
    instance: ModuleInstance, keys: ProviderKeys
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    planned: dict[str, Any] = {}
    resources: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for resource in _ordered(instance.config.resources):
        for key, bindings in instance.expand_resource(resource).instances:
            scope = instance.scope(bindings)
            after, unknown, sensitive = body_values(
                resource.block, scope, instance.sensitive_references()
            )
            address = instance.resource_address(resource, key)
            provider_name = instance.config.full_name_of(resource.provider_local_key.split(".")[0])
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
                    "schema_version": SCHEMA_VERSIONS.get(resource.type, 0),
                    "values": after,
                    "sensitive_values": sensitive,
                }
            )
            deferred_read = resource.mode == "data" and bool(unknown)
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
                    change["action_reason"] = "read_because_config_unknown"
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
            child_planned, child_changes = _planned_module(child, keys)
            changes.extend(child_changes)
            if child_planned.get("resources") or child_planned.get("child_modules"):
                child_modules.append(child_planned)
    if child_modules:
        planned["child_modules"] = sorted(child_modules, key=lambda entry: entry["address"])
    return planned, changes


def body_values(
    block: Block, scope: Scope, sensitive_refs: frozenset[str] = frozenset()
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(after, after_unknown, after_sensitive) of a resource body, as Terraform writes them."""
    after: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    sensitive: dict[str, Any] = {}
    for name, attribute in block.attributes.items():
        if name in RESOURCE_META_ARGUMENTS or name in MODULE_META_ARGUMENTS:
            continue
        known, marks = split_unknown(evaluate(attribute.expression, scope))
        if known is not _OMIT:
            after[name] = known
        if marks is not False:
            unknown[name] = marks
        if sensitive_refs and sensitive_refs.intersection(references_in(attribute.expression)):
            # The whole attribute, where Terraform may mark single elements: more is hidden,
            # never less.
            sensitive[name] = True
    nested_types = []
    for nested in block.blocks:
        if nested.type in RESOURCE_META_BLOCKS and nested.type != "dynamic":
            continue
        if nested.type == "dynamic":
            # The blocks a `dynamic` produces are not worked out here: unknown as a whole.
            label = nested.labels[0] if nested.labels else "dynamic"
            unknown[label] = True
            after.pop(label, None)
            continue
        if nested.type in SINGLE_NESTED_BLOCKS:
            continue
        nested_after, nested_unknown, nested_sensitive = body_values(nested, scope, sensitive_refs)
        if unknown.get(nested.type) is True:
            continue
        after.setdefault(nested.type, []).append(nested_after)
        unknown.setdefault(nested.type, []).append(nested_unknown)
        if nested_sensitive:
            sensitive.setdefault(nested.type, []).append(nested_sensitive)
        nested_types.append(nested.type)
    return dict(sorted(after.items())), dict(sorted(unknown.items())), sensitive


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


def _root_outputs(root: ModuleInstance) -> tuple[dict[str, Any], dict[str, Any]]:
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


# evaluate() is re-exported for tests that check a single expression in a scope.
__all__ = ["UNRESOLVED_KEY", "body_values", "evaluate", "load_directory", "split_unknown"]
