"""Build a World (sespolicy.world.model) from a loaded plan, state or plan-shaped HCL document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sespolicy.world.load import LoadedDocument
from sespolicy.world.model import (
    ConfigResource,
    Expression,
    ModuleCall,
    ProviderConfig,
    ResourceInstance,
    World,
    is_expression,
)

_GONE_ACTIONS = (frozenset({"delete"}), frozenset({"forget"}))


def build_world(document: LoadedDocument) -> World:
    data = document.data
    world = World(
        source=document.source,
        kind=document.kind,
        format_version=document.format_version,
        terraform_version=document.terraform_version,
    )
    configuration = data.get("configuration")
    if isinstance(configuration, dict):
        world.has_configuration = True
        _read_providers(world, configuration.get("provider_config") or {})
        root_module = configuration.get("root_module") or {}
        _read_module_config(world, root_module, "", None)
        world.sensitive_variables = _sensitive_variables(root_module)
    world.unresolved = {
        str(entry.get("address")): str(entry.get("reason"))
        for entry in data.get("sespolicy_unresolved") or []
        if isinstance(entry, dict) and entry.get("address")
    }
    world.variables = {
        name: entry.get("value")
        for name, entry in (data.get("variables") or {}).items()
        if isinstance(entry, dict)
    }
    if document.kind == "state":
        _add_module_tree(world, (data.get("values") or {}).get("root_module") or {})
    else:
        _add_resource_changes(world, data.get("resource_changes") or [])
        _add_module_tree(world, (data.get("planned_values") or {}).get("root_module") or {})
        # Data sources read at plan time may be recorded only in the prior state.
        prior_root = ((data.get("prior_state") or {}).get("values") or {}).get("root_module")
        _add_module_tree(world, prior_root or {}, only_mode="data")
    for instance in world.resources.values():
        instance.config = world.config_resources.get(instance.config_address)
        if instance.config is not None:
            instance.provider_config_key = instance.config.provider_config_key
    return world


def _read_providers(world: World, provider_config: Mapping[str, Any]) -> None:
    for key, entry in provider_config.items():
        if not isinstance(entry, dict):
            continue
        expressions = {
            name: Expression.from_json(raw)
            for name, raw in (entry.get("expressions") or {}).items()
            if is_expression(raw)
        }
        module_address = entry.get("module_address") or ""
        world.providers[key] = ProviderConfig(
            key=key,
            name=entry.get("name") or key.split(":")[-1].split(".")[0],
            full_name=entry.get("full_name"),
            alias=entry.get("alias"),
            module_path=module_address,
            expressions=expressions,
            version_constraint=entry.get("version_constraint"),
        )


def _optional_expression(raw: Any) -> Expression | None:
    return Expression.from_json(raw) if isinstance(raw, dict) else None


def _read_module_config(
    world: World, module: Mapping[str, Any], path: str, call: Mapping[str, Any] | None
) -> None:
    for raw in module.get("resources") or []:
        mode = raw.get("mode", "managed")
        resource_type = raw.get("type", "")
        name = raw.get("name", "")
        local = f"data.{resource_type}.{name}" if mode == "data" else f"{resource_type}.{name}"
        resource = ConfigResource(
            module_path=path,
            local_address=local,
            mode=mode,
            type=resource_type,
            name=name,
            provider_config_key=raw.get("provider_config_key"),
            expressions=raw.get("expressions") or {},
            count_expression=_optional_expression(raw.get("count_expression")),
            for_each_expression=_optional_expression(raw.get("for_each_expression")),
        )
        world.config_resources[resource.address] = resource
    for name, child in (module.get("module_calls") or {}).items():
        if not isinstance(child, dict):
            continue
        child_path = f"{path}.module.{name}" if path else f"module.{name}"
        child_module = child.get("module") or {}
        world.module_calls[child_path] = ModuleCall(
            path=child_path,
            parent_path=path,
            name=name,
            source=child.get("source"),
            inputs={
                key: Expression.from_json(raw)
                for key, raw in (child.get("expressions") or {}).items()
                if is_expression(raw)
            },
            variable_defaults={
                key: spec.get("default")
                for key, spec in (child_module.get("variables") or {}).items()
                if isinstance(spec, dict) and "default" in spec
            },
            outputs={
                key: Expression.from_json(spec.get("expression") or {})
                for key, spec in (child_module.get("outputs") or {}).items()
                if isinstance(spec, dict)
            },
            sensitive_variables=_sensitive_variables(child_module),
        )
        _read_module_config(world, child_module, child_path, child)


def _sensitive_variables(module: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(
        name
        for name, spec in (module.get("variables") or {}).items()
        if isinstance(spec, dict) and spec.get("sensitive") is True
    )


def _actions(change: Mapping[str, Any]) -> str:
    actions = change.get("actions") or ["no-op"]
    if set(actions) == {"delete", "create"}:
        return "replace"
    return "-".join(actions)


def _add_resource_changes(world: World, changes: list[Any]) -> None:
    for raw in changes:
        if not isinstance(raw, dict) or raw.get("deposed"):
            continue
        change = raw.get("change") or {}
        if frozenset(change.get("actions") or ()) in _GONE_ACTIONS:
            before = change.get("before")
            arn = before.get("arn") if isinstance(before, dict) else None
            if isinstance(arn, str):
                world.deleted_arns.add(arn)
            continue
        address = raw.get("address")
        if not address:
            continue
        after = change.get("after")
        before = change.get("before")
        world.resources[address] = ResourceInstance(
            address=address,
            module_address=raw.get("module_address") or "",
            mode=raw.get("mode", "managed"),
            type=raw.get("type", ""),
            name=raw.get("name", ""),
            index=raw.get("index"),
            provider_name=raw.get("provider_name") or "",
            provider_config_key=None,
            values=after if isinstance(after, dict) else {},
            unknown=change.get("after_unknown") or False,
            sensitive=change.get("after_sensitive") or False,
            action=_actions(change),
            prior=before if isinstance(before, dict) else {},
            prior_sensitive=change.get("before_sensitive") or False,
        )


def _walk_modules(module: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    stack = [module]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(
            child for child in current.get("child_modules") or [] if isinstance(child, dict)
        )


def _add_module_tree(world: World, root: Mapping[str, Any], only_mode: str | None = None) -> None:
    for module in _walk_modules(root):
        module_address = module.get("address") or ""
        for raw in module.get("resources") or []:
            if not isinstance(raw, dict):
                continue
            address = raw.get("address")
            mode = raw.get("mode", "managed")
            if not address or address in world.resources or (only_mode and mode != only_mode):
                continue
            values = raw.get("values")
            world.resources[address] = ResourceInstance(
                address=address,
                module_address=module_address,
                mode=mode,
                type=raw.get("type", ""),
                name=raw.get("name", ""),
                index=raw.get("index"),
                provider_name=raw.get("provider_name") or "",
                provider_config_key=None,
                values=values if isinstance(values, dict) else {},
                sensitive=raw.get("sensitive_values") or False,
                action="read" if mode == "data" else "no-op",
            )
