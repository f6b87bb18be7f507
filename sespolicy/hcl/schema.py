"""What the shipped AWS provider schema tells the HCL reader: types, nesting, schema versions.

sespolicy ships a subset of `terraform providers schema -json` for hashicorp/aws (see
`sespolicy/data/provider/SOURCES.md`). With it, values are converted to the attribute's type as
Terraform converts them (`ttl = "300"` is planned as the number 300, a `set(string)` is sorted),
single-nested blocks are written as one object, and `schema_version` is the provider's. Types the
subset does not cover are written as HCL gives them. The schema says nothing about provider
defaults or computed values, so those are not invented here.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sespolicy.hcl.evaluate import UNKNOWN, as_bool, as_number, contains_unknown
from sespolicy.hcl.functions import to_string

SCHEMA_FILE = ("provider", "aws-provider-schema-6.47.0-subset.json")
AWS_PROVIDER = "registry.terraform.io/hashicorp/aws"


@dataclass(frozen=True)
class BlockSchema:
    attribute_types: dict[str, Any] = field(default_factory=dict)
    nested: dict[str, tuple[str, BlockSchema]] = field(default_factory=dict)  # name → (nesting, …)
    version: int = 0


EMPTY_BLOCK = BlockSchema()


def block_schema(mode: str, resource_type: str, provider_name: str) -> BlockSchema | None:
    """The schema of a resource or data source type, or None when it is not known."""
    if provider_name != AWS_PROVIDER:
        return None
    section = "data_source_schemas" if mode == "data" else "resource_schemas"
    return _schemas().get(section, {}).get(resource_type)


@functools.lru_cache(maxsize=1)
def _schemas() -> dict[str, dict[str, BlockSchema]]:
    try:
        text = resources.files("sespolicy.data").joinpath(*SCHEMA_FILE).read_text("utf-8")
        document = json.loads(text)
        provider = document["provider_schemas"][AWS_PROVIDER]
    except (OSError, ValueError, KeyError, ModuleNotFoundError):
        return {}  # no schema in this build: values are written as HCL gives them
    return {
        section: {
            name: _read_block(entry.get("block", {}), entry.get("version", 0))
            for name, entry in (provider.get(section) or {}).items()
        }
        for section in ("resource_schemas", "data_source_schemas")
    }


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
