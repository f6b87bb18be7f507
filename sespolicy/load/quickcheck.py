"""Plain-Python predicates compiled from the shipped JSON Schema, for the bulk of large arrays.

jsonschema spends tens of microseconds per object; a 50,000-resource plan has several arrays of
50,000 objects. A predicate here answers only "certainly valid" (True) or "look closer" (False);
on False the caller asks jsonschema, which gives the real verdict and the error message. So a
predicate may be stricter than the schema (costing time only) but must never pass what the
schema rejects.

Understood keywords: type, enum, required, properties, items, additionalProperties, $ref (to
"#/$defs/<name>") and allOf; annotations are ignored. A subschema using anything else compiles
to None ("cannot vouch") and every item then goes to jsonschema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Check = Callable[[Any], bool]

# json.loads yields exactly these types, so an exact `type(x) in ...` test is enough and avoids
# isinstance's bool-is-an-int trap.
_JSON_TYPES: dict[str, frozenset[type]] = {
    "object": frozenset({dict}),
    "array": frozenset({list}),
    "string": frozenset({str}),
    "boolean": frozenset({bool}),
    "null": frozenset({type(None)}),
    "number": frozenset({int, float}),
    "integer": frozenset({int}),
}
_ANNOTATIONS = frozenset(
    {"$comment", "$schema", "$id", "$defs", "title", "description", "default", "examples",
     "deprecated", "readOnly", "writeOnly"}
)
_UNDERSTOOD = _ANNOTATIONS | {
    "type", "enum", "required", "properties", "items", "additionalProperties", "$ref", "allOf",
}
_DEFS_PREFIX = "#/$defs/"
_ABSENT = object()


def _always(_value: Any) -> bool:
    return True


class _Unsupported(Exception):
    """A subschema uses something the predicates cannot express; jsonschema must judge it."""


class CheckCompiler:
    """Compiles subschemas of one root schema; results are cached per subschema object."""

    def __init__(self, root_schema: Mapping[str, Any]) -> None:
        self._defs: Mapping[str, Any] = root_schema.get("$defs", {})
        self._by_schema_id: dict[int, Check | None] = {}
        self._by_def_name: dict[str, Check] = {}
        self._keep_alive: list[Any] = []

    def compile(self, schema: Any) -> Check | None:
        """A predicate for `schema`, or None when this module cannot vouch for it."""
        key = id(schema)
        if key not in self._by_schema_id:
            self._keep_alive.append(schema)  # ids stay unique only while the object lives
            try:
                self._by_schema_id[key] = self._compile(schema)
            except _Unsupported:
                self._by_schema_id[key] = None
        return self._by_schema_id[key]

    def _compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if not isinstance(schema, dict) or not set(schema) <= _UNDERSTOOD:
            raise _Unsupported
        parts = [self._compile_ref(schema["$ref"])] if "$ref" in schema else []
        parts += [self._compile(sub) for sub in schema.get("allOf", ())]
        own = self._compile_own_keywords(schema)
        if own is not None:
            parts.append(own)
        return _all_of(parts)

    def _compile_ref(self, ref: str) -> Check:
        name = ref[len(_DEFS_PREFIX):]
        if not ref.startswith(_DEFS_PREFIX) or name not in self._defs:
            raise _Unsupported
        if name not in self._by_def_name:
            # Recursive definitions (module trees) refer to themselves: hand out a forwarder
            # first and fill it once the definition is compiled.
            target: list[Check] = []
            self._by_def_name[name] = lambda value: target[0](value)
            target.append(self._compile(self._defs[name]))
        return self._by_def_name[name]

    def _compile_own_keywords(self, schema: dict) -> Check | None:
        allowed_types = _allowed_types(schema.get("type"))
        enum = schema.get("enum")
        # Only all-string enums: `==` would otherwise let True match 1, unlike JSON Schema.
        if enum is not None and not all(isinstance(member, str) for member in enum):
            raise _Unsupported
        enum_set = frozenset(enum) if enum is not None else None
        required = tuple(schema.get("required", ()))
        properties = schema.get("properties", {})
        typed_props, nested_props = self._compile_properties(properties)
        items = self._compile_optional(schema.get("items"))
        extra = self._compile_optional(schema.get("additionalProperties"))
        if not (allowed_types or enum_set is not None or required or typed_props
                or nested_props or items or extra):
            return None
        return _make_check(
            _Shape(allowed_types, enum_set, required, typed_props, nested_props, items, extra,
                   frozenset(properties))
        )

    def _compile_properties(
        self, properties: Mapping[str, Any]
    ) -> tuple[tuple[tuple[str, frozenset[type]], ...], tuple[tuple[str, Check], ...]]:
        # Properties constrained only by `type` are checked inline, saving a call per key.
        typed: list[tuple[str, frozenset[type]]] = []
        nested: list[tuple[str, Check]] = []
        for name, sub in properties.items():
            if isinstance(sub, dict) and set(sub) <= (_ANNOTATIONS | {"type"}):
                types = _allowed_types(sub.get("type"))
                if types is not None:
                    typed.append((name, types))
                continue
            check = self._compile(sub)
            if check is not _always:
                nested.append((name, check))
        return tuple(typed), tuple(nested)

    def _compile_optional(self, schema: Any) -> Check | None:
        if schema is None:
            return None
        check = self._compile(schema)
        return None if check is _always else check


def _allowed_types(declared: Any) -> frozenset[type] | None:
    if declared is None:
        return None
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or not all(name in _JSON_TYPES for name in names):
        raise _Unsupported
    return frozenset().union(*(_JSON_TYPES[name] for name in names))


def _all_of(parts: list[Check]) -> Check:
    if not parts:
        return _always
    if len(parts) == 1:
        return parts[0]
    frozen = tuple(parts)
    return lambda value: all(part(value) for part in frozen)


@dataclass(frozen=True)
class _Shape:
    allowed_types: frozenset[type] | None
    enum: frozenset[str] | None
    required: tuple[str, ...]
    typed_props: tuple[tuple[str, frozenset[type]], ...]
    nested_props: tuple[tuple[str, Check], ...]
    items: Check | None
    extra: Check | None
    declared: frozenset[str]


def _make_check(shape: _Shape) -> Check:
    # Unpacked into locals: attribute look-ups would dominate this hot loop.
    allowed_types, enum, required = shape.allowed_types, shape.enum, shape.required
    typed_props, nested_props = shape.typed_props, shape.nested_props
    items, extra, declared = shape.items, shape.extra, shape.declared

    def check(value: Any) -> bool:
        if allowed_types is not None and type(value) not in allowed_types:
            return False
        if enum is not None and (type(value) is not str or value not in enum):
            return False
        if type(value) is dict:
            for name in required:
                if name not in value:
                    return False
            for name, types in typed_props:
                found = value.get(name, _ABSENT)
                if found is not _ABSENT and type(found) not in types:
                    return False
            for name, sub in nested_props:
                found = value.get(name, _ABSENT)
                if found is not _ABSENT and not sub(found):
                    return False
            if extra is not None:
                for name, found in value.items():
                    if name not in declared and not extra(found):
                        return False
        elif items is not None and type(value) is list:
            for item in value:
                if not items(item):
                    return False
        return True

    return check
