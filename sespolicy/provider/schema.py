"""The schema a generated provider serves: the real provider schema, per mode, plus overlay facts.

Runs at generate time only. It writes two files the server reads on every launch:
the GetProviderSchema response already serialised (so a launch does no schema work at all) and a
compact JSON of what planning needs (types, computed flags, defaults, force-new attributes).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError

PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws"
SCHEMA_RESOURCE = "aws-provider-schema-6.47.0-subset.json"
OVERLAY_RESOURCE = "overlay.json"
MODES = ("v6", "v5")
DEFAULT_VERSIONS = {"v6": "6.47.0", "v5": "5.100.0"}

# How the real 6.x provider describes its per-resource `region` argument; 5.x has no such
# argument, so this is how the v5 mode recognises what to remove.
_V6_REGION_DESCRIPTION = "Region where this resource will be"
# 6.x renamed aws_s3_bucket's own computed Region from `region` to `bucket_region`.
_S3_BUCKET_TYPES = ("aws_s3_bucket",)


@dataclass(frozen=True)
class ServedSchema:
    """The schema for one mode: `provider_schema` is in `terraform providers schema -json` form."""

    mode: str
    provider_schema: dict[str, Any]
    overlay: dict[str, Any]


def _package_data(name: str) -> Any:
    text = resources.files("sespolicy.data").joinpath("provider", name).read_text("utf-8")
    return json.loads(text)


def load_provider_schema(schema_file: Path | None) -> dict[str, Any]:
    """The hashicorp/aws entry of a `terraform providers schema -json` document."""
    if schema_file is None:
        document = _package_data(SCHEMA_RESOURCE)
        source = "the shipped schema"
    else:
        source = str(schema_file)
        try:
            document = json.loads(schema_file.read_text("utf-8"))
        except OSError as problem:
            raise InputError(f"cannot read schema file {schema_file}: {problem.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as problem:
            raise InputError(f"schema file {schema_file} is not JSON: {problem}") from None
    schemas = document.get("provider_schemas") if isinstance(document, dict) else None
    if not isinstance(schemas, dict):
        raise InputError(
            f"{source} is not `terraform providers schema -json` output (no provider_schemas)"
        )
    entry = schemas.get(PROVIDER_ADDRESS)
    if not isinstance(entry, dict) or "provider" not in entry:
        raise InputError(f"{source} has no schema for {PROVIDER_ADDRESS}")
    entry.setdefault("resource_schemas", {})
    entry.setdefault("data_source_schemas", {})
    return entry


def load_overlay() -> dict[str, Any]:
    return _package_data(OVERLAY_RESOURCE)


def served_schema(schema_file: Path | None, mode: str) -> ServedSchema:
    if mode not in MODES:
        raise InputError(f"unknown provider mode {mode!r}; use one of: {', '.join(MODES)}")
    entry = copy.deepcopy(load_provider_schema(schema_file))
    if mode == "v5":
        _to_v5(entry)
    return ServedSchema(mode=mode, provider_schema=entry, overlay=load_overlay())


def is_v6_region_attribute(attribute: dict[str, Any]) -> bool:
    return (
        attribute.get("optional", False)
        and attribute.get("computed", False)
        and attribute.get("description", "").startswith(_V6_REGION_DESCRIPTION)
    )


def _to_v5(entry: dict[str, Any]) -> None:
    """Rewrite a 6.x schema into the shape 5.x had for the same types."""
    for kind in ("resource_schemas", "data_source_schemas"):
        for type_name, schema in entry[kind].items():
            attributes = schema["block"].setdefault("attributes", {})
            region = attributes.get("region")
            if region is not None and is_v6_region_attribute(region):
                del attributes["region"]
            if type_name in _S3_BUCKET_TYPES and "bucket_region" in attributes:
                attributes["region"] = attributes.pop("bucket_region")
            if kind == "data_source_schemas" and type_name == "aws_region" and "name" in attributes:
                # 6.x deprecated `name` in favour of `region`; in 5.x it was the argument.
                attributes["name"].pop("deprecated", None)


def compact_plan_schema(served: ServedSchema) -> dict[str, Any]:
    """What the server needs to plan and read: structure and flags, no prose."""
    entry = served.provider_schema
    overlay_resources = served.overlay.get("resources", {})
    regional_force_new = served.overlay.get("regional_force_new", [])
    resources_out: dict[str, Any] = {}
    for type_name, schema in entry["resource_schemas"].items():
        facts = overlay_resources.get(type_name, {})
        regional = served.mode == "v6" and _has_v6_region(schema)
        force_new = list(facts.get("force_new", []))
        if regional:
            force_new += [name for name in regional_force_new if name not in force_new]
        resources_out[type_name] = {
            "block": _compact_block(schema["block"]),
            "regional": regional,
            "defaults": facts.get("defaults", {}),
            "force_new": force_new,
            "provider_filled_blocks": facts.get("provider_filled_blocks", []),
        }
    data_out = {
        type_name: {
            "block": _compact_block(schema["block"]),
            "regional": served.mode == "v6" and _has_v6_region(schema),
        }
        for type_name, schema in entry["data_source_schemas"].items()
    }
    return {
        "mode": served.mode,
        "account_id": served.overlay.get("account_id", "123456789012"),
        "provider": _compact_block(entry["provider"]["block"]),
        "resources": resources_out,
        "data_sources": data_out,
    }


def _has_v6_region(schema: dict[str, Any]) -> bool:
    region = schema["block"].get("attributes", {}).get("region")
    return region is not None and is_v6_region_attribute(region)


_KEPT_ATTRIBUTE_FLAGS = ("type", "required", "optional", "computed", "write_only")


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


def _compact_attribute(attr: dict[str, Any]) -> dict[str, Any]:
    compact = {flag: attr[flag] for flag in _KEPT_ATTRIBUTE_FLAGS if flag in attr}
    compact["type"] = attribute_type(attr)
    return compact


def _compact_block(block: dict[str, Any]) -> dict[str, Any]:
    return {
        "attributes": {
            name: _compact_attribute(attr) for name, attr in block.get("attributes", {}).items()
        },
        "block_types": {
            name: {"nesting_mode": nested["nesting_mode"], "block": _compact_block(nested["block"])}
            for name, nested in block.get("block_types", {}).items()
        },
    }
