"""The provider schemas sespolicy ships, and the shapes the twins plan with.

`sespolicy/data/provider/schemas.pack` (see schema_pack.py, rebuilt by
scripts/build_provider_data.py) holds the real schema of every resource and data source type of
hashicorp/aws for four majors, and of the utility providers (random, null, archive, time, tls,
local, external, http, cloudinit). This module names those variants, picks the hashicorp/aws
mode for a version, and turns a type's stored schema into the compact shape planning needs.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.provider.schema_pack import DATA, RESOURCE, SchemaPack
from sespolicy.provider.sources import DEFAULT_VERSIONS, MODES, provider_address

# DEFAULT_VERSIONS and MODES, the hashicorp/aws modes, are defined in the import-free sources
# module (the command line builds its options without the schema store) and used from here too.
PACK_RESOURCE = ("provider", "schemas.pack")
OVERLAY_RESOURCE = ("provider", "overlay.json")
# The shipped utility providers: local name -> source address (their variant is the local name).
UTILITY_PROVIDERS = {
    name: provider_address(f"hashicorp/{name}")
    for name in (
        "random",
        "null",
        "archive",
        "time",
        "tls",
        "local",
        "external",
        "http",
        "cloudinit",
    )
}


def mode_for_major(major: int) -> str | None:
    """The hashicorp/aws mode serving a major version, or None when none does."""
    mode = f"v{major}"
    return mode if mode in DEFAULT_VERSIONS else None


def aws_variant(mode: str) -> str:
    if mode not in DEFAULT_VERSIONS:
        raise InputError(f"unknown provider mode {mode!r}; use one of: {', '.join(MODES)}")
    return f"aws-{mode}"


@functools.lru_cache(maxsize=1)
def shipped_pack() -> SchemaPack:
    path = resources.files("sespolicy.data").joinpath(*PACK_RESOURCE)
    return SchemaPack(Path(str(path)))


@functools.lru_cache(maxsize=1)
def load_overlay() -> dict[str, Any]:
    text = resources.files("sespolicy.data").joinpath(*OVERLAY_RESOURCE).read_text("utf-8")
    return json.loads(text)


def missing_type_names(mode: str, kind: str) -> list[str]:
    """Types of the real provider whose schema sespolicy could not ship (see SOURCES.md)."""
    return list(shipped_pack().variant(aws_variant(mode)).missing[kind])


def unserved_type_message(type_name: str, kind: str, mode: str = "v6") -> str:
    """One line on why the plan-only hashicorp/aws provider refuses a type."""
    label = "data source" if kind == DATA else "resource"
    version = DEFAULT_VERSIONS.get(mode, "")
    if type_name in missing_type_names(mode, kind):
        return (
            f"{label} type {type_name} exists in hashicorp/aws {version}, but its schema (over "
            "4 MB) is not in the schema source sespolicy is built from, so the plan-only provider "
            "cannot serve it; plan this configuration with real Terraform and pass the plan JSON "
            "to `sespolicy eval`"
        )
    return (
        f"{label} type {type_name} is not part of hashicorp/aws {version} (the plan-only provider "
        "serves every type of the real schema); check the type name and the provider version"
    )


def read_schema_document(schema_file: Path) -> Any:
    try:
        return json.loads(schema_file.read_text("utf-8"))
    except OSError as problem:
        raise InputError(f"cannot read schema file {schema_file}: {problem.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise InputError(f"schema file {schema_file} is not JSON: {problem}") from None


def provider_entry(document: Any, address: str, source: str) -> dict[str, Any]:
    """One provider's entry of a `terraform providers schema -json` document."""
    schemas = document.get("provider_schemas") if isinstance(document, dict) else None
    if not isinstance(schemas, dict):
        raise InputError(
            f"{source} is not `terraform providers schema -json` output (no provider_schemas)"
        )
    entry = schemas.get(address)
    if not isinstance(entry, dict) or "provider" not in entry:
        raise InputError(f"{source} has no schema for {address}")
    entry.setdefault("resource_schemas", {})
    entry.setdefault("data_source_schemas", {})
    return entry


def pack_variant_entry(pack: SchemaPack, variant: str) -> dict[str, Any]:
    """A variant in `terraform providers schema -json` entry form (without prose)."""
    stored = pack.variant(variant)
    return {
        "provider": pack.provider_schema(variant),
        "resource_schemas": {
            name: pack.full_type_schema(variant, RESOURCE, name) for name in stored.types[RESOURCE]
        },
        "data_source_schemas": {
            name: pack.full_type_schema(variant, DATA, name) for name in stored.types[DATA]
        },
    }


# How hashicorp/aws 6.x describes the per-resource `region` argument it adds to regional types.
_V6_REGION_DESCRIPTION = "Region where this resource will be"


def is_v6_region_attribute(attribute: dict[str, Any]) -> bool:
    """Whether an attribute is the `region` argument 6.x adds to every regional type."""
    return bool(
        attribute.get("optional")
        and attribute.get("computed")
        and attribute.get("type") == "string"
        and attribute.get("description", "").startswith(_V6_REGION_DESCRIPTION)
    )


# What planning keeps of an attribute; everything else (prose, deprecation) is for Terraform.
_KEPT_ATTRIBUTE_FLAGS = ("required", "optional", "computed", "sensitive", "write_only")


def attribute_type(attr: dict[str, Any]) -> Any:
    """The value type of an attribute, also for framework `nested_type` attributes."""
    if "type" in attr:
        return attr["type"]
    nested = attr.get("nested_type")
    if nested is None:
        return "dynamic"
    element = ["object", {n: attribute_type(a) for n, a in nested.get("attributes", {}).items()}]
    mode = nested.get("nesting_mode", "single")
    return element if mode == "single" else [mode, element]


def compact_attribute(attr: dict[str, Any]) -> dict[str, Any]:
    compact = {flag: attr[flag] for flag in _KEPT_ATTRIBUTE_FLAGS if attr.get(flag)}
    compact["type"] = attribute_type(attr)
    return compact


def compact_block(block: dict[str, Any]) -> dict[str, Any]:
    """A block as planning reads it: attributes with their cty type and flags, nested blocks."""
    return {
        "attributes": {
            name: compact_attribute(attr) for name, attr in block.get("attributes", {}).items()
        },
        "block_types": {
            name: {
                "nesting_mode": nested["nesting_mode"],
                "block": compact_block(nested["block"]),
                "min_items": nested.get("min_items", 0),
            }
            for name, nested in block.get("block_types", {}).items()
        },
    }
