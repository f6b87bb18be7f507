"""What the shipped provider schemas tell the HCL reader: types, nesting, schema versions.

sespolicy ships the real schema of every hashicorp/aws type (majors 6 to 3) and of the utility
providers (random, null, archive, time, tls, local, external, http, cloudinit), packed per type
(see `sespolicy/data/provider/SOURCES.md` and `sespolicy/provider/schema_pack.py`). A type's
schema is read only when a resource of that type is met. With it, values are converted to the
attribute's type as Terraform converts them (`ttl = "300"` is planned as the number 300, a
`set(string)` is sorted), single-nested blocks are written as one object, and `schema_version` is
the provider's. Types no shipped schema covers are written as HCL gives them. The schema says
nothing about provider defaults or computed values, so those are not invented here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from sespolicy.hcl.evaluate import UNKNOWN, as_bool, as_number, contains_unknown
from sespolicy.hcl.functions import to_string
from sespolicy.provider.sources import AWS_PROVIDER, DEFAULT_REGISTRY

# hashicorp/aws variants, newest first: a type removed in a later major is still known.
_AWS_VARIANTS = ("aws-v6", "aws-v5", "aws-v4", "aws-v3")
_HASHICORP = f"{DEFAULT_REGISTRY}/hashicorp/"


@dataclass(frozen=True)
class BlockSchema:
    attribute_types: dict[str, Any] = field(default_factory=dict)
    nested: dict[str, tuple[str, BlockSchema]] = field(default_factory=dict)  # name → (nesting, …)
    version: int = 0
    sensitive: frozenset[str] = frozenset()  # attributes the provider always marks sensitive


EMPTY_BLOCK = BlockSchema()


def block_schema(mode: str, resource_type: str, provider_name: str) -> BlockSchema | None:
    """The schema of a resource or data source type, or None when it is not known."""
    return _block_schema("data" if mode == "data" else "resource", resource_type, provider_name)


def _variants(provider_name: str) -> tuple[str, ...]:
    if provider_name == AWS_PROVIDER:
        return _AWS_VARIANTS
    if provider_name.startswith(_HASHICORP):
        return (provider_name[len(_HASHICORP) :],)
    return ()


@functools.lru_cache(maxsize=4096)
def _block_schema(kind: str, resource_type: str, provider_name: str) -> BlockSchema | None:
    variants = _variants(provider_name)
    if not variants:
        return None
    pack = _pack()
    if pack is None:
        return None  # no schemas in this build: values are written as HCL gives them
    for variant in variants:
        if variant not in pack.variants:
            continue
        schema = pack.full_type_schema(variant, kind, resource_type)
        if schema is not None:
            return _read_block(schema.get("block", {}), schema.get("version", 0))
    return None


@functools.lru_cache(maxsize=1)
def _pack() -> Any:
    from sespolicy.provider.schema import shipped_pack
    from sespolicy.provider.schema_pack import PackError

    try:
        return shipped_pack()
    except (OSError, PackError, ModuleNotFoundError):
        return None


def _read_block(block: dict[str, Any], version: int = 0) -> BlockSchema:
    return BlockSchema(
        attribute_types={
            name: attribute.get("type", "dynamic")
            for name, attribute in (block.get("attributes") or {}).items()
        },
        nested={
            name: (nested.get("nesting_mode", "list"), _read_block(nested.get("block", {})))
            for name, nested in (block.get("block_types") or {}).items()
        },
        version=int(version or 0),
        sensitive=frozenset(
            name
            for name, attribute in (block.get("attributes") or {}).items()
            if attribute.get("sensitive")
        ),
    )


def convert(value: Any, type_spec: Any) -> Any:
    """Convert a known value to a schema type the way Terraform would; leave it if it cannot."""
    if value is UNKNOWN or value is None:
        return value
    if type_spec == "string":
        text = to_string(value)
        return value if text is None else text
    if type_spec == "number":
        number = as_number(value)
        return value if number is None else number
    if type_spec == "bool":
        truth = as_bool(value)
        return value if truth is None else truth
    if isinstance(type_spec, list) and len(type_spec) == 2:
        kind, inner = type_spec
        if kind in ("list", "set") and isinstance(value, list):
            items = [convert(item, inner) for item in value]
            return _set_order(items) if kind == "set" else items
        if kind == "map" and isinstance(value, dict):
            return {key: convert(item, inner) for key, item in value.items()}
        if kind == "object" and isinstance(value, dict) and isinstance(inner, dict):
            return {key: convert(item, inner.get(key, "dynamic")) for key, item in value.items()}
    return value


def _set_order(items: list[Any]) -> list[Any]:
    # Terraform lists a set of strings lexically and a set of numbers numerically; any other set
    # (objects, or one with unknown members, which may turn out equal or not) stays as written.
    if any(contains_unknown(item) for item in items):
        return items
    unique: list[Any] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    if all(isinstance(item, str) for item in unique) or all(
        isinstance(item, (int, float)) and not isinstance(item, bool) for item in unique
    ):
        return sorted(unique)
    return unique
