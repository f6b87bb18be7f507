"""Checking a document against the shipped JSON Schema, fast enough for 50,000-resource plans.

Predicates compiled from the schema (see quickcheck) first judge the whole document; only when
they cannot vouch for it does jsonschema run. Then its `items` and `additionalProperties`
keywords are replaced by versions that validate only the first SAMPLE_SIZE members with
jsonschema itself and screen the rest with the predicates; a member the predicate cannot vouch
for goes to jsonschema too. The first error becomes one line naming the JSON path. Messages
never quote values: plan values may be sensitive.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from itertools import islice
from typing import TYPE_CHECKING, Any

from sespolicy.errors import InputError
from sespolicy.world.load.quickcheck import CheckCompiler
from sespolicy.world.load.sniff import SHOW_JSON, json_type_name

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE = "terraform-json.schema.json"
# Enough members to catch a document whose arrays are wrong throughout with jsonschema's exact
# message; the rest are screened by the compiled predicates.
SAMPLE_SIZE = 8


@cache
def load_schema() -> dict[str, Any]:
    text = resources.files("sespolicy.world.load").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _document_checks() -> dict[str, Any]:
    """Compiled predicates for the plan and the state document bodies (None: cannot vouch)."""
    schema = load_schema()
    compiler = _compiler()
    checks = {}
    for kind in ("plan", "state"):
        definition = schema["$defs"][kind]
        # Everything of the definition but anyOf (checked by hand in _vouched_for below).
        if set(definition) - {"anyOf", "description", "properties", "type"}:
            checks[kind] = None
            continue
        body = {"type": definition["type"], "properties": definition["properties"]}
        checks[kind] = compiler.compile(body)
    return checks


@cache
def _compiler() -> CheckCompiler:
    return CheckCompiler(load_schema())


def _vouched_for(data: Any) -> bool:
    """True when the compiled predicates accept the whole document: the common case, which
    then needs no jsonschema at all (importing it alone costs a small run's budget)."""
    if not isinstance(data, dict):
        return False
    is_plan = any(
        key in data for key in ("planned_values", "resource_changes", "plan_format_version")
    )
    if is_plan and "format_version" not in data and "plan_format_version" not in data:
        return False
    check = _document_checks()["plan" if is_plan else "state"]
    return check is not None and bool(check(data))


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    schema = load_schema()
    compiler = _compiler()

    def sampled(
        validator: Any, subschema: Any, keys: Sequence[Any], members: Sequence[Any]
    ) -> Iterator:
        for key, member in zip(keys[:SAMPLE_SIZE], members[:SAMPLE_SIZE], strict=True):
            yield from validator.descend(member, subschema, path=key)
        check = compiler.compile(subschema)
        # all(map(...)) keeps the common all-valid case in C; only after a failure is the
        # slower per-member pass needed to find which member jsonschema must explain.
        if check is not None and all(map(check, islice(members, SAMPLE_SIZE, None))):
            return
        for key, member in zip(keys[SAMPLE_SIZE:], members[SAMPLE_SIZE:], strict=True):
            if check is None or not check(member):
                yield from validator.descend(member, subschema, path=key)

    def items(validator: Any, items_schema: Any, instance: Any, schema: Any) -> Iterator:
        if validator.is_type(instance, "array"):
            yield from sampled(validator, items_schema, range(len(instance)), instance)

    def additional_properties(
        validator: Any, extra_schema: Any, instance: Any, schema: Any
    ) -> Iterator:
        if not validator.is_type(instance, "object") or extra_schema is True:
            return
        declared = schema.get("properties", {})
        names = [name for name in instance if name not in declared]
        yield from sampled(validator, extra_schema, names, [instance[name] for name in names])

    sampling_validator = validators.extend(
        Draft202012Validator,
        {"items": items, "additionalProperties": additional_properties},
    )
    return sampling_validator(schema)


def validate_document(data: dict, source: str) -> None:
    """Raise InputError for the first place where `data` breaks the schema."""
    try:
        if _vouched_for(data):
            return
        error = next(_validator().iter_errors(data), None)
    except RecursionError:
        # The schema's own recursion (child_modules, module_calls) went deeper than Python
        # can follow; jsonschema also writes the repr of a deep value into every message.
        raise InputError(
            f"{source}: JSON is nested too deeply to check (modules or values hundreds of "
            f"levels deep); give sespolicy unmodified {SHOW_JSON} output"
        ) from None
    if error is not None:
        raise InputError(
            f"{source}: {format_path(error.absolute_path)}: {describe_error(error)}; "
            f"give sespolicy unmodified {SHOW_JSON} output"
        )


def format_path(path: Iterable[Any]) -> str:
    """`resource_changes[3].change.actions` style; odd keys are quoted, the root is `(top)`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier() or part.replace("-", "_").isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part)}]"
    return text or "(top level)"


def describe_error(error: ValidationError) -> str:
    """What was expected and the JSON type found, never the value itself."""
    expected = error.validator_value
    found = json_type_name(error.instance)
    if error.validator == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        return f"expected {' or '.join(_with_article(name) for name in names)}, found {found}"
    if error.validator == "required":
        missing = [name for name in expected if name not in error.instance]
        return f"`{missing[0]}` is missing" if missing else "a required key is missing"
    if error.validator == "enum":
        choices = ", ".join(json.dumps(choice) for choice in expected)
        return f"expected one of {choices}"
    return f"does not match the schema (`{error.validator}`)"


def _with_article(type_name: str) -> str:
    return {
        "object": "an object",
        "array": "an array",
        "integer": "an integer",
        "null": "null",
    }.get(type_name, f"a {type_name}")
