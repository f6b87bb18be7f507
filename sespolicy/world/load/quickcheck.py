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
# Stand-ins for absent object/array keys: the generated code only ever reads their type.
_EMPTY_OBJECT: dict = {}
_EMPTY_ARRAY: list = []


def _always(_value: Any) -> bool:
    return True


class _Unsupported(Exception):
    """A subschema uses something the predicates cannot express; jsonschema must judge it."""


@dataclass(frozen=True)
class _Shape:
    """What one object/array/value must look like, with `$ref` and `allOf` merged in."""

    allowed_types: frozenset[type] | None = None
    enum: frozenset[str] | None = None
    required: frozenset[str] = frozenset()
    # property name -> allowed types (checked inline) or a predicate, or _FREE (unconstrained)
    properties: tuple[tuple[str, Any], ...] = ()
    items: tuple[Check, ...] = ()
    extra: tuple[Check, ...] = ()

    def merged(self, other: _Shape) -> _Shape:
        return _Shape(
            allowed_types=_intersect(self.allowed_types, other.allowed_types),
            enum=_intersect(self.enum, other.enum),
            required=self.required | other.required,
            properties=_merge_properties(self.properties, other.properties),
            items=self.items + other.items,
            extra=self.extra + other.extra,
        )

    def only_types(self) -> bool:
        return self == _Shape(allowed_types=self.allowed_types)


_FREE = object()


class CheckCompiler:
    """Compiles subschemas of one root schema; results are cached per subschema object."""

    def __init__(self, root_schema: Mapping[str, Any]) -> None:
        self._defs: Mapping[str, Any] = root_schema.get("$defs", {})
        self._by_schema_id: dict[int, Check | None] = {}
        self._by_def_name: dict[str, Check] = {}
        self._def_shapes: dict[str, _Shape] = {}
        self._shaping: set[str] = set()
        self._forwarders: dict[str, list[list[Check]]] = {}
        self._keep_alive: list[Any] = []

    def compile(self, schema: Any) -> Check | None:
        """A predicate for `schema`, or None when this module cannot vouch for it."""
        key = id(schema)
        if key not in self._by_schema_id:
            self._keep_alive.append(schema)  # ids stay unique only while the object lives
            try:
                self._by_schema_id[key] = _make_check(self._shape(schema))
            except _Unsupported:
                self._by_schema_id[key] = None
        return self._by_schema_id[key]

    def _shape(self, schema: Any) -> _Shape:
        if schema is True:
            return _Shape()
        if not isinstance(schema, dict) or not set(schema) <= _UNDERSTOOD:
            raise _Unsupported
        shape = self._own_shape(schema)
        if "$ref" in schema:
            shape = shape.merged(self._def_shape(schema["$ref"]))
        for sub in schema.get("allOf", ()):
            shape = shape.merged(self._shape(sub))
        return shape

    def _def_shape(self, ref: str) -> _Shape:
        name = self._def_name(ref)
        if name not in self._def_shapes:
            if name in self._shaping:  # a definition that is, at its own top, itself
                raise _Unsupported
            self._shaping.add(name)
            try:
                self._def_shapes[name] = self._shape(self._defs[name])
            finally:
                self._shaping.discard(name)
            for waiting in self._forwarders.pop(name, ()):
                waiting.append(_make_check(self._def_shapes[name]))
        return self._def_shapes[name]

    def _def_check(self, ref: str) -> Check:
        name = self._def_name(ref)
        if name not in self._by_def_name:
            if name in self._shaping:
                # Recursive definitions (module trees) contain themselves: hand out a
                # forwarder now and fill it once the definition's shape is known. Should the
                # definition turn out unsupported, the forwarder stays empty and says "look
                # closer" (False), which is always safe.
                target: list[Check] = []
                self._forwarders.setdefault(name, []).append(target)
                return lambda value: bool(target) and target[0](value)
            self._by_def_name[name] = _make_check(self._def_shape(ref))
        return self._by_def_name[name]

    def _def_name(self, ref: str) -> str:
        name = ref[len(_DEFS_PREFIX):]
        if not ref.startswith(_DEFS_PREFIX) or name not in self._defs:
            raise _Unsupported
        return name

    def _own_shape(self, schema: dict) -> _Shape:
        enum = schema.get("enum")
        # Only all-string enums: `==` would otherwise let True match 1, unlike JSON Schema.
        if enum is not None and not all(isinstance(member, str) for member in enum):
            raise _Unsupported
        return _Shape(
            allowed_types=_allowed_types(schema.get("type")),
            enum=frozenset(enum) if enum is not None else None,
            required=frozenset(schema.get("required", ())),
            properties=tuple(
                (name, self._property_spec(sub))
                for name, sub in schema.get("properties", {}).items()
            ),
            items=self._member_checks(schema, "items"),
            extra=self._member_checks(schema, "additionalProperties"),
        )

    def _property_spec(self, schema: Any) -> Any:
        """_FREE, a frozenset of types (checked inline: saves a call per key) or a predicate."""
        is_plain_ref = isinstance(schema, dict) and set(schema) <= _ANNOTATIONS | {"$ref"}
        if is_plain_ref and "$ref" in schema and self._def_name(schema["$ref"]) in self._shaping:
            return self._def_check(schema["$ref"])  # recursion: only a forwarder can stand in
        shape = self._shape(schema)
        if shape == _Shape():
            return _FREE
        if shape.only_types():
            return shape.allowed_types
        if is_plain_ref and "$ref" in schema:
            return self._def_check(schema["$ref"])
        return _make_check(shape)

    def _member_checks(self, schema: dict, keyword: str) -> tuple[Check, ...]:
        if keyword not in schema:
            return ()
        spec = self._property_spec(schema[keyword])
        if spec is _FREE:
            return ()
        if isinstance(spec, frozenset):
            return (_type_check(spec),)
        return (spec,)


def _allowed_types(declared: Any) -> frozenset[type] | None:
    if declared is None:
        return None
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or not all(name in _JSON_TYPES for name in names):
        raise _Unsupported
    return frozenset().union(*(_JSON_TYPES[name] for name in names))


def _intersect(first: frozenset | None, second: frozenset | None) -> frozenset | None:
    if first is None:
        return second
    if second is None:
        return first
    return first & second


def _merge_properties(
    first: tuple[tuple[str, Any], ...], second: tuple[tuple[str, Any], ...]
) -> tuple[tuple[str, Any], ...]:
    merged = dict(first)
    for name, spec in second:
        if merged.get(name, _FREE) is _FREE:
            merged[name] = spec
        elif spec is not _FREE and merged[name] != spec:
            raise _Unsupported  # two constraints on one key: leave it to jsonschema
    return tuple(merged.items())


def _type_check(types: frozenset[type]) -> Check:
    return lambda value: type(value) in types


def _make_check(shape: _Shape) -> Check:
    """Build the predicate for one shape as generated Python source.

    Straight-line code with the schema's names and types as constants runs about twice as fast
    as a generic closure looping over a table of property rules, and the predicates run once per
    resource, several times over, in every large plan. The source is built only from the shipped
    schema (property names go in through repr), never from input data.
    """
    constants: dict[str, Any] = {"ABSENT": _ABSENT}

    def constant(value: Any) -> str:
        name = f"C{len(constants)}"
        constants[name] = value
        return name

    lines = ["def check(value):", "    kind = type(value)"]
    if shape.allowed_types is not None:
        lines.append(f"    if {_not_of_type('kind', shape.allowed_types, constant)}: return False")
    if shape.enum is not None:
        lines.append(f"    if kind is not str or value not in {constant(shape.enum)}: return False")
    object_lines = _object_lines(shape, constant)
    if object_lines:
        lines.append("    if kind is dict:")
        lines += object_lines
    items = _all_of(shape.items) if shape.items else None
    if items is not None:
        lines.append(f"    {'elif' if object_lines else 'if'} kind is list:")
        lines.append("        for item in value:")
        lines.append(f"            if not {constant(items)}(item): return False")
    lines.append("    return True")
    exec("\n".join(lines), constants)
    return constants["check"]


def _object_lines(shape: _Shape, constant: Callable[[Any], str]) -> list[str]:
    lines: list[str] = []
    if shape.required:
        lines.append(f"        if not {constant(shape.required)} <= value.keys(): return False")
    for name, spec in shape.properties:
        if spec is _FREE:
            continue
        if isinstance(spec, frozenset):
            # An absent optional key reads as a stand-in of an allowed type, sparing a test.
            found = (
                f"value[{name!r}]" if name in shape.required
                else f"value.get({name!r}, {constant(_stand_in(spec))})"
            )
            test = _not_of_type(f"type({found})", spec, constant)
            lines.append(f"        if {test}: return False")
        elif name in shape.required:
            lines.append(f"        if not {constant(spec)}(value[{name!r}]): return False")
        else:
            lines.append(f"        found = value.get({name!r}, ABSENT)")
            test = f"not {constant(spec)}(found)"
            lines.append(f"        if found is not ABSENT and {test}: return False")
    if shape.extra:
        declared = frozenset(name for name, _ in shape.properties)
        lines.append("        for name, found in value.items():")
        lines.append(
            f"            if name not in {constant(declared)} and not "
            f"{constant(_all_of(shape.extra))}(found): return False"
        )
    return lines


_STAND_INS: tuple[object, ...] = ("", 0, False, None, 0.0)


def _stand_in(types: frozenset[type]) -> object:
    """An immutable value whose type is in `types` (a shared dict or list could be mutated)."""
    for candidate in _STAND_INS:
        if type(candidate) in types:
            return candidate
    if dict in types:
        return _EMPTY_OBJECT
    return _EMPTY_ARRAY


def _not_of_type(expression: str, types: frozenset[type], constant: Callable[[Any], str]) -> str:
    if len(types) == 1:
        return f"{expression} is not {constant(next(iter(types)))}"
    return f"{expression} not in {constant(types)}"


def _all_of(parts: tuple[Check, ...]) -> Check:
    if len(parts) == 1:
        return parts[0]
    return lambda value: all(part(value) for part in parts)
