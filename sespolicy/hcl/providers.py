"""Provider configurations and the `provider_config_key` of every resource.

Terraform (≥ 1.2) writes `configuration.provider_config` keyed by `aws`, `aws.<alias>` for the
root module and `module.x:aws` for a provider block *declared* inside a module; a resource in a
module that was handed its provider (`providers = { aws = aws.eu }`, nested calls too) or that
inherits the default one gets the key of the configuration it finally uses (`aws.eu`), and the
intermediate module keys are dropped. The rules followed here are those of Terraform's
documented JSON output and observed plans:

1. each provider block gives a key (module path + `:` + local name[.alias]); so does a provider
   used with no block at all, in the module that uses it;
2. a module's required provider with no block, and (in a child module) each provider it uses
   implicitly, links to the same local name in the caller;
3. a module call's `providers` map links the child's key to the caller's;
4. links are followed up to a key that has no link of its own (and the same provider source),
   resources are re-keyed to it, and linked keys are removed from the map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sespolicy.hcl.blocks import ModuleConfig, ProviderBlockConfig, ResourceConfig
from sespolicy.hcl.evaluate import constant_value
from sespolicy.hcl.expressions import body_expressions


@dataclass
class ProviderEntry:
    name: str
    full_name: str
    module_address: str
    alias: str | None = None
    version_constraint: str | None = None
    block: ProviderBlockConfig | None = None
    parent_key: str = ""

    def to_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": self.name, "full_name": self.full_name}
        if self.alias:
            entry["alias"] = self.alias
        if self.version_constraint:
            entry["version_constraint"] = self.version_constraint
        if self.module_address:
            entry["module_address"] = self.module_address
        if self.block is not None:
            expressions = body_expressions(self.block.block, skip_attributes=("alias", "version"))
            if expressions:
                entry["expressions"] = expressions
        return entry


@dataclass
class ProviderKeys:
    """The provider_config map and a way to find the key a resource ends up with."""

    entries: dict[str, ProviderEntry] = field(default_factory=dict)

    def resource_key(self, module: ModuleConfig, resource: ResourceConfig) -> str:
        key = opaque_key(resource.provider_local_key, module.address)
        entry = self.entries.get(key)
        if entry is not None and entry.parent_key in self.entries:
            return entry.parent_key
        return key

    def provider_config_json(self) -> dict[str, Any]:
        return {
            key: entry.to_json()
            for key, entry in sorted(self.entries.items())
            if not entry.parent_key
        }

    def entry_for(self, key: str) -> ProviderEntry | None:
        return self.entries.get(key)


def opaque_key(local_key: str, module_address: str) -> str:
    return f"{module_address}:{local_key}" if module_address else local_key


def resolve_provider_keys(root: ModuleConfig) -> ProviderKeys:
    keys = ProviderKeys()
    _visit(root, None, keys.entries)
    return keys


def _version_constraint(module: ModuleConfig, full_name: str) -> str | None:
    constraints: list[str] = []
    for required in module.required_providers.values():
        if required.full_name == full_name and required.version:
            constraints.append(required.version)
    for provider in module.provider_blocks:
        if module.full_name_of(provider.local_name) != full_name:
            continue
        version = provider.block.attribute("version")
        if version is not None:
            known, value = constant_value(version.expression)
            if known and isinstance(value, str):
                constraints.append(value)
    parts = [
        normalize_constraint(part)
        for text in constraints
        for part in text.split(",")
        if part.strip()
    ]
    unique = list(dict.fromkeys(parts))
    return ", ".join(unique) or None


_CONSTRAINT = re.compile(r"^\s*(~>|>=|<=|!=|>|<|=)?\s*(\d+(?:\.\d+)*)(.*)$")


def normalize_constraint(text: str) -> str:
    """One version constraint as Terraform prints it: `>= 5.0` → `>= 5.0.0`; `~> 6.0` as is.

    Terraform writes versions with all three parts, except after `~>`, where the number of
    parts given is what the constraint means.
    """
    match = _CONSTRAINT.match(text)
    if match is None:
        return text.strip()
    operator, version, rest = match.group(1) or "", match.group(2), match.group(3).strip()
    if operator != "~>":
        parts = version.split(".")
        version = ".".join(parts + ["0"] * (3 - len(parts)))
    shown = f"{operator} {version}" if operator else version
    return shown + rest


def _find_source_key(start: str, full_name: str, entries: dict[str, ProviderEntry]) -> str:
    found = ""
    key = start
    seen: set[str] = set()
    while key and key not in seen:
        seen.add(key)
        entry = entries.get(key)
        if entry is None or entry.full_name != full_name:
            break
        found = key
        key = entry.parent_key
    return found


def _providers_used(module: ModuleConfig) -> list[str]:
    """Full names of every provider the module needs (declared or implied by its resources)."""
    names = [required.full_name for required in module.required_providers.values()]
    names += [module.full_name_of(block.local_name) for block in module.provider_blocks]
    names += [
        module.full_name_of(resource.provider_local_key.split(".")[0])
        for resource in module.resources
    ]
    return list(dict.fromkeys(names))


def _visit(
    module: ModuleConfig, parent: ModuleConfig | None, entries: dict[str, ProviderEntry]
) -> None:
    address = module.address
    for block in module.provider_blocks:
        full_name = module.full_name_of(block.local_name)
        entries[opaque_key(block.local_key, address)] = ProviderEntry(
            name=block.local_name,
            full_name=full_name,
            module_address=address,
            alias=block.alias,
            version_constraint=_version_constraint(module, full_name),
            block=block,
        )

    for local_name, required in module.required_providers.items():
        version = _version_constraint(module, required.full_name)
        for alias in required.configuration_aliases:
            key = opaque_key(f"{local_name}.{alias}", address)
            if key not in entries:
                entries[key] = ProviderEntry(
                    name=local_name,
                    full_name=required.full_name,
                    module_address=address,
                    version_constraint=version,
                )
        key = opaque_key(local_name, address)
        if key in entries:
            continue
        entry = ProviderEntry(
            name=local_name,
            full_name=required.full_name,
            module_address=address,
            version_constraint=version,
        )
        if parent is not None:
            entry.parent_key = _find_source_key(
                opaque_key(local_name, parent.address), entry.full_name, entries
            )
        entries[key] = entry

    # Providers used without a block or requirement: in a child module they inherit the
    # caller's default configuration; in the root module (Terraform 1.11 does this) they get
    # an entry of their own.
    for full_name in _providers_used(module):
        type_name = full_name.rsplit("/", 1)[-1]
        key = opaque_key(type_name, address)
        if key in entries:
            continue
        entry = ProviderEntry(name=type_name, full_name=full_name, module_address=address)
        if parent is not None:
            entry.parent_key = _find_source_key(
                opaque_key(type_name, parent.address), full_name, entries
            )
        entries[key] = entry

    for name in sorted(module.module_calls):
        call = module.module_calls[name]
        child = call.module
        if child is None:
            continue
        for child_key, parent_key in call.providers.items():
            full_name = child.full_name_of(child_key.split(".")[0])
            entries[opaque_key(child_key, child.address)] = ProviderEntry(
                name=child_key,
                full_name=full_name,
                module_address=child.address,
                parent_key=_find_source_key(opaque_key(parent_key, address), full_name, entries),
            )
        _visit(child, module, entries)
