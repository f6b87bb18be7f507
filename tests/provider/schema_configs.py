"""Configurations made from a schema: every required argument and block given a valid value.

Used to read every data source type the twin serves (in-process and through real Terraform),
so a type the twin answers badly is found whichever type it is.
"""

from __future__ import annotations

import json
from typing import Any

# Arguments whose value the twin parses, so a placeholder string would be refused (as the real
# provider would refuse it).
SPECIAL_VALUES: dict[str, Any] = {
    "arn": "arn:aws:sns:us-west-2:123456789012:example",
    "policy": '{"Version":"2012-10-17","Statement":[]}',
}


def value_for(name: str, type_spec: Any) -> Any:
    """A known value of the cty type `type_spec` for an argument called `name`."""
    if name in SPECIAL_VALUES and type_spec == "string":
        return SPECIAL_VALUES[name]
    if type_spec == "string":
        return f"{name.replace('_', '-')}-1"
    if type_spec == "number":
        return 1
    if type_spec == "bool":
        return True
    if type_spec == "dynamic":
        return "x"
    kind, element = type_spec[0], type_spec[1]
    if kind in ("list", "set"):
        return [value_for(name, element)]
    if kind == "map":
        return {"key": value_for(name, element)}
    if kind == "object":
        return {field: value_for(field, ftype) for field, ftype in element.items()}
    if kind == "tuple":
        return [value_for(name, item) for item in element]
    raise ValueError(f"unknown type {type_spec!r}")


def required_config(block: dict[str, Any], type_name: str = "") -> dict[str, Any]:
    """Values for the block's required attributes and for the nested blocks it requires."""
    config: dict[str, Any] = {}
    for name, attribute in block["attributes"].items():
        if attribute.get("required"):
            config[name] = value_for(name, attribute["type"])
    for name, nested in block["block_types"].items():
        count = nested.get("min_items", 0)
        if count > 0:
            inner = required_config(nested["block"])
            if nested["nesting_mode"] == "single":
                config[name] = inner
            else:
                # Set elements must differ; a numbered copy of each required value does that.
                config[name] = [_numbered(inner, n) for n in range(count)]
    return config


def _numbered(config: dict[str, Any], n: int) -> dict[str, Any]:
    if n == 0:
        return config
    return {k: f"{v}-{n}" if isinstance(v, str) else v for k, v in config.items()}


def hcl_value(value: Any) -> str:
    """A value written as HCL (JSON syntax is valid HCL for these literals)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {hcl_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(hcl_value(v) for v in value) + "]"
    return json.dumps(value)


def hcl_body(block: dict[str, Any], config: dict[str, Any], indent: str = "  ") -> str:
    """The configuration as the body of an HCL block: nested blocks written as blocks."""
    lines = []
    for name, value in config.items():
        nested = block["block_types"].get(name)
        if nested is None:
            lines.append(f"{indent}{name} = {hcl_value(value)}")
            continue
        for item in value if isinstance(value, list) else [value]:
            inner = hcl_body(nested["block"], item, indent + "  ")
            lines.append(f"{indent}{name} {{\n{inner}\n{indent}}}")
    return "\n".join(lines)


def type_errors(block: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Where `value` does not have the shape of `block` (an empty list when it does)."""
    if not isinstance(value, dict):
        return [f"{path or 'object'}: not an object"]
    errors = []
    expected = set(block["attributes"]) | set(block["block_types"])
    if set(value) != expected:
        errors.append(f"{path or 'object'}: keys {sorted(set(value) ^ expected)} differ")
    for name, attribute in block["attributes"].items():
        errors += _value_errors(attribute["type"], value.get(name), f"{path}{name}")
    for name, nested in block["block_types"].items():
        item = value.get(name)
        mode = nested["nesting_mode"]
        if mode in ("list", "set"):
            if not isinstance(item, list):
                errors.append(f"{path}{name}: block list is {item!r}")
                continue
            for index, element in enumerate(item):
                errors += type_errors(nested["block"], element, f"{path}{name}[{index}].")
        elif item is not None and mode in ("single", "group"):
            errors += type_errors(nested["block"], item, f"{path}{name}.")
    return errors


def _value_errors(type_spec: Any, value: Any, path: str) -> list[str]:
    if value is None or type_spec == "dynamic":
        return []
    simple = {"string": str, "number": (int, float), "bool": bool}
    if isinstance(type_spec, str):
        ok = isinstance(value, simple[type_spec])
        if type_spec == "number" and isinstance(value, bool):
            ok = False
        return [] if ok else [f"{path}: {value!r} is not a {type_spec}"]
    kind, element = type_spec
    if kind in ("list", "set", "tuple"):
        if not isinstance(value, list):
            return [f"{path}: {value!r} is not a {kind}"]
        elements = element if kind == "tuple" else [element] * len(value)
        return [
            e
            for t, v in zip(elements, value, strict=False)
            for e in _value_errors(t, v, f"{path}[]")
        ]
    if not isinstance(value, dict):
        return [f"{path}: {value!r} is not a {kind}"]
    if kind == "map":
        return [e for v in value.values() for e in _value_errors(element, v, f"{path}{{}}")]
    if set(value) != set(element):
        return [f"{path}: object keys {sorted(value)} are not {sorted(element)}"]
    return [e for k, t in element.items() for e in _value_errors(t, value[k], f"{path}.{k}")]
