"""The `configuration` part of the plan: modules, resources, calls, variables, outputs.

Written as Terraform writes it: resources sorted (managed, then data), meta-arguments left out
of `expressions`, module call inputs limited to the called module's variables, count/for_each
expressions only when not empty.
"""

from __future__ import annotations

from typing import Any

from sespolicy.hcl.blocks import (
    RESOURCE_META_ARGUMENTS,
    RESOURCE_META_BLOCKS,
    ModuleCallConfig,
    ModuleConfig,
    ResourceConfig,
)
from sespolicy.hcl.expressions import body_expressions, expression_json, optional_expression
from sespolicy.hcl.providers import ProviderKeys
from sespolicy.hcl.references import references_in
from sespolicy.hcl.schema import block_schema
from sespolicy.hcl.syntax import Block
from sespolicy.hcl.variables import convert_to_type


def schema_version(mode: str, resource_type: str, provider_name: str) -> int:
    """The provider's schema version of the type, read from the shipped schema pack (which
    covers every hashicorp/aws type of majors 6 to 3 and the utility providers); 0 for a type
    no shipped schema has, Terraform's own default."""
    schema = block_schema(mode, resource_type, provider_name)
    return schema.version if schema is not None else 0


def module_configuration(module: ModuleConfig, keys: ProviderKeys) -> dict[str, Any]:
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
    resources = [
        _resource_configuration(module, r, keys) for r in ordered_resources(module.resources)
    ]
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


def ordered_resources(resources: list[ResourceConfig]) -> list[ResourceConfig]:
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
    provider_name = module.full_name_of(resource.provider_local_key.split(".")[0])
    schema = block_schema(resource.mode, resource.type, provider_name)
    expressions = body_expressions(
        resource.block,
        skip_attributes=RESOURCE_META_ARGUMENTS,
        skip_blocks=RESOURCE_META_BLOCKS,
        schema=schema,
    )
    if expressions:
        entry["expressions"] = expressions
    entry["schema_version"] = schema_version(resource.mode, resource.type, provider_name)
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
    entry["module"] = module_configuration(call.module, keys) if call.module is not None else {}
    if call.version:
        entry["version_constraint"] = call.version
    depends_on = _depends_on(call.block)
    if depends_on:
        entry["depends_on"] = depends_on
    return entry
