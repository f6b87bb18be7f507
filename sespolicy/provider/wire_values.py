"""Terraform values on the wire: msgpack DynamicValue with cty's unknown marker.

Values are plain Python data (None, str, int/float, bool, list for lists, sets and tuples,
dict for maps and objects) plus the UNKNOWN sentinel. Encoding needs no type information
because the provider only ever returns values shaped like the ones Terraform sent, or
values built from the schema (see `conform_block`).
"""

from __future__ import annotations

import json
from typing import Any

import msgpack

from sespolicy.unknown import UNKNOWN

# cty writes an unknown as msgpack extension 0; newer Terraform adds refinements (what is
# already known about the unknown value, e.g. "not null") as extension 12. We keep no
# refinements: the planned value is unknown either way.
_UNKNOWN_EXT_CODE = 0
_REFINED_UNKNOWN_EXT_CODE = 12


def _ext_hook(code: int, data: bytes) -> Any:
    if code in (_UNKNOWN_EXT_CODE, _REFINED_UNKNOWN_EXT_CODE):
        return UNKNOWN
    raise ValueError(f"unexpected msgpack extension type {code} in a Terraform value")


def _default(value: Any) -> Any:
    if value is UNKNOWN:
        return msgpack.ExtType(_UNKNOWN_EXT_CODE, b"\x00")
    raise TypeError(f"cannot encode {type(value).__name__} as a Terraform value")


def decode(raw: bytes) -> Any:
    """Decode a DynamicValue's msgpack bytes; empty bytes mean null."""
    if not raw:
        return None
    return msgpack.unpackb(raw, ext_hook=_ext_hook, raw=False, strict_map_key=False)


def encode(value: Any) -> bytes:
    return msgpack.packb(value, default=_default, use_bin_type=True)


def is_wholly_known(value: Any) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, dict):
        return all(is_wholly_known(item) for item in value.values())
    if isinstance(value, list):
        return all(is_wholly_known(item) for item in value)
    return True


def null_block(block: dict[str, Any]) -> dict[str, Any]:
    """An object for `block` with every attribute null and every nested block empty."""
    result: dict[str, Any] = dict.fromkeys(block.get("attributes", {}))
    for name, nested in block.get("block_types", {}).items():
        result[name] = _empty_nested(nested["nesting_mode"])
    return result


def _empty_nested(nesting_mode: str) -> Any:
    if nesting_mode in ("list", "set"):
        return []
    if nesting_mode == "map":
        return {}
    return None


def conform_block(block: dict[str, Any], value: Any) -> Any:
    """Shape decoded JSON state like `block`: every attribute present, unknown keys dropped."""
    if value is None:
        return None
    result: dict[str, Any] = {}
    for name, attribute in block.get("attributes", {}).items():
        result[name] = conform_type(attribute.get("type", "dynamic"), value.get(name))
    for name, nested in block.get("block_types", {}).items():
        mode = nested["nesting_mode"]
        inner = nested["block"]
        item = value.get(name)
        if mode in ("list", "set"):
            result[name] = [conform_block(inner, element) for element in item or []]
        elif mode == "map":
            result[name] = {key: conform_block(inner, v) for key, v in (item or {}).items()}
        else:
            result[name] = conform_block(inner, item)
    return result


def conform_type(type_spec: Any, value: Any) -> Any:
    """Shape a JSON value like the cty type `type_spec` (the schema's JSON type notation)."""
    if value is None:
        return None
    if isinstance(type_spec, str):
        if type_spec == "dynamic":
            # cty encodes a dynamically typed value with its type alongside.
            return [json.dumps(_infer_type(value)).encode(), value]
        return value
    kind, element = type_spec[0], type_spec[1]
    if kind in ("list", "set"):
        return [conform_type(element, item) for item in value]
    if kind == "map":
        return {key: conform_type(element, item) for key, item in value.items()}
    if kind == "object":
        return {name: conform_type(aty, value.get(name)) for name, aty in element.items()}
    if kind == "tuple":
        return [conform_type(aty, item) for aty, item in zip(element, value, strict=False)]
    return value


def _infer_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return ["tuple", [_infer_type(item) for item in value]]
    if isinstance(value, dict):
        return ["object", {key: _infer_type(item) for key, item in value.items()}]
    return "dynamic"
