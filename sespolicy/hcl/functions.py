"""The built-in functions evaluated without Terraform: a short list of pure ones.

Anything not listed here is UNKNOWN to the evaluator; a function that raises on its
arguments (wrong type, missing key) also yields UNKNOWN rather than an error, since Terraform
would report that error itself.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any


def normalize_number(value: float | int) -> float | int:
    """Whole floats become ints, as Terraform prints 3 and not 3.0."""
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return int(value)
    return value


def to_string(value: Any) -> str | None:
    """HCL's conversion to string; None (a value that cannot be a string) otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(normalize_number(value))
    return None


def as_set(value: list[Any]) -> list[Any]:
    """A Terraform set as Terraform orders it: duplicates dropped, strings lexically sorted."""
    unique: list[Any] = []
    for item in value:
        if item not in unique:
            unique.append(item)
    # Terraform orders a set of strings lexically (and numbers numerically).
    try:
        return sorted(unique)
    except TypeError:
        return unique


def _to_set(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("toset needs a list")
    return as_set(value)


def _to_map(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError("tomap needs an object")
    return dict(value)


def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    if not isinstance(mapping, Mapping):
        raise TypeError("lookup needs a map")
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise KeyError(key)


def _length(value: Any) -> int:
    if isinstance(value, (str, list, Mapping)):
        return len(value)
    raise TypeError("length needs a collection or string")


def _merge(*maps: Any) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for mapping in maps:
        if mapping is None:
            continue
        merged.update(mapping)
    return merged


def _concat(*lists: Any) -> list[Any]:
    return [item for items in lists for item in items]


def _coalesce(*values: Any) -> Any:
    for value in values:
        if value is not None and value != "":
            return value
    raise ValueError("no non-null argument")


def _format(spec: str, *values: Any) -> str:
    # Only the verbs whose output is unambiguous: %s, %d and %%.
    out, index, position = [], 0, 0
    while index < len(spec):
        char = spec[index]
        if char == "%" and index + 1 < len(spec):
            verb = spec[index + 1]
            if verb == "%":
                out.append("%")
            elif verb in "sd":
                text = to_string(values[position])
                if text is None:
                    raise TypeError("cannot format")
                out.append(text)
                position += 1
            else:
                raise ValueError("unsupported format verb")
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _checked_string(value: Any) -> str:
    text = to_string(value)
    if text is None:
        raise TypeError("not convertible to string")
    return text


def _join(separator: str, *lists: Any) -> str:
    return separator.join(_checked_string(item) for items in lists for item in items)


def _to_number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise TypeError("tonumber does not take a bool")
    return normalize_number(float(value))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "tostring": _checked_string,
    "tonumber": _to_number,
    "tobool": lambda value: (
        value if isinstance(value, bool) else {"true": True, "false": False}[value]
    ),
    "tolist": lambda value: list(value),
    "toset": _to_set,
    "tomap": _to_map,
    "lower": lambda text: text.lower(),
    "upper": lambda text: text.upper(),
    "trimspace": lambda text: text.strip(),
    "join": _join,
    "split": lambda separator, text: text.split(separator),
    "concat": _concat,
    "merge": _merge,
    "length": _length,
    "lookup": _lookup,
    "coalesce": _coalesce,
    "keys": lambda mapping: sorted(mapping),
    "values": lambda mapping: [mapping[key] for key in sorted(mapping)],
    "contains": lambda items, value: value in items,
    "format": _format,
    "jsonencode": lambda value: json.dumps(value, separators=(",", ":"), sort_keys=True),
}
