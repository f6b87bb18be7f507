"""Validate a small user file (config, baseline) against a schema shipped in sespolicy/data.

The first problem becomes ONE line naming the file, the key path and what is expected. The
expectation is read from the `description` of the schema node that failed, so the schema is the
single place where "what a valid value looks like" is written down.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from sespolicy.errors import InputError

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

# A value echoed back in an error is cut: the line must stay one readable line.
_MAX_SHOWN = 60


@cache
def load_data_schema(name: str) -> dict[str, Any]:
    text = resources.files("sespolicy.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> Draft202012Validator:
    # Imported here: jsonschema is only needed when a config or baseline file is read, and
    # the CLI has a startup budget.
    from jsonschema import Draft202012Validator, FormatChecker

    # FormatChecker makes "format": "date" reject impossible dates such as 2027-02-30.
    return Draft202012Validator(load_data_schema(name), format_checker=FormatChecker())


def validate_file_document(document: Any, schema_name: str, file_label: str) -> None:
    """Raise InputError for the first schema violation in document (read from file_label)."""
    errors = list(_validator(schema_name).iter_errors(document))
    if not errors:
        return
    # Shallowest first, then in key order: the same file always gives the same message.
    first = min(errors, key=lambda e: (len(e.path), [str(p) for p in e.path], e.validator))
    raise InputError(f"{file_label}: {describe_error(first, load_data_schema(schema_name))}")


def key_path(path: Sequence[str | int]) -> str:
    """waiver #2.expires: array members counted from 1, as a person counts [[waiver]] tables."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f" #{part + 1}"
        else:
            text += f".{part}" if text else str(part)
    return text or "top level"


def _shown(value: Any) -> str:
    text = repr(value)
    if "\n" in text or len(text) > _MAX_SHOWN:
        text = text.replace("\n", " ")[: _MAX_SHOWN - 3] + "..."
    return text


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "a string"


def describe_error(error: ValidationError, root: dict[str, Any]) -> str:
    """`<key path>: expected <description> (got <value>)` or a missing/unknown key message."""
    where = key_path(list(error.path))
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = sorted(set(error.validator_value) - set(error.instance))
        properties = schema.get("properties", {})
        name = missing[0]
        wanted = _resolve(properties.get(name, {}), root).get("description")
        detail = f" ({wanted})" if wanted else ""
        return f"{where}: missing key {name!r}{detail}"
    if error.validator == "additionalProperties" and schema.get("additionalProperties") is False:
        allowed = ", ".join(sorted(schema.get("properties", {})))
        unknown = sorted(set(error.instance) - set(schema.get("properties", {})))
        return f"{where}: unknown key {unknown[0]!r}; expected one of: {allowed}"
    if "propertyNames" in error.schema_path:
        wanted = _description_at(error) or "a valid key"
        return f"{where}: key {_shown(error.instance)}: expected {wanted}"
    wanted = _description_at(error)
    if wanted is None:
        return f"{where}: {error.message}"
    got = _type_name(error.instance)
    if not isinstance(error.instance, (dict, list)):
        got += f" {_shown(error.instance)}"
    return f"{where}: expected {wanted} (got {got})"


def _description_at(error: ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "description" in schema:
        return str(schema["description"])
    # The failing keyword may sit in a schema reached through $ref; its parent has the text.
    parent = error.parent
    while parent is not None:
        if isinstance(parent.schema, dict) and "description" in parent.schema:
            return str(parent.schema["description"])
        parent = parent.parent
    return None


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `#/$defs/name` reference (the only kind the shipped schemas use)."""
    reference = schema.get("$ref")
    if not isinstance(reference, str) or not reference.startswith("#/$defs/"):
        return schema
    return root.get("$defs", {}).get(reference.rsplit("/", 1)[-1], {})
