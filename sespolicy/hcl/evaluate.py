"""Evaluate the expressions whose value is safe to know without Terraform.

Literals, strings and templates, lists and maps, `var.*`, `local.*`, `each.*`, `count.index`,
attribute access and indexing on known values, arithmetic, comparison, conditionals, `for`
expressions and the pure functions in `functions.py`. Everything else — a resource attribute nobody
wrote, most data sources, an unknown function — is UNKNOWN, exactly as it would be unknown to
anyone reading the configuration without Terraform and the cloud.

Scopes resolve root names (`var`, `local`, `aws_sns_topic` …) to values; a value may be a
`LazyMapping` that computes entries on demand, so locals and module outputs are only evaluated
when something asks for them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from lark import Token, Tree

from sespolicy.hcl.functions import FUNCTIONS, normalize_number, to_string
from sespolicy.hcl.syntax import Expression, meaningful_children, name_of, unescape_string_chars
from sespolicy.hcl.templates import DIRECTIVE, heredoc_pieces
from sespolicy.unknown import UNKNOWN


def is_unknown(value: Any) -> bool:
    return value is UNKNOWN


def contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, LazyMapping):
        return True
    if isinstance(value, list):
        return any(contains_unknown(item) for item in value)
    if isinstance(value, dict):
        return any(contains_unknown(item) for item in value.values())
    return False


class LazyMapping(Mapping[str, Any]):
    """An object whose attributes are computed when first read; missing ones are UNKNOWN."""

    def __init__(self, compute: Callable[[str], Any], names: Callable[[], list[str]]):
        self._compute = compute
        self._names = names
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = self._compute(key)
        return self._cache[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class Scope:
    """Root names visible to an expression."""

    def __init__(self, roots: Mapping[str, Any], fallback: Callable[[str], Any] | None = None):
        self._roots = dict(roots)
        self._fallback = fallback

    def root(self, name: str) -> Any:
        if name in self._roots:
            return self._roots[name]
        if self._fallback is not None:
            return self._fallback(name)
        return UNKNOWN

    def with_names(self, names: Mapping[str, Any]) -> Scope:
        return Scope({**self._roots, **names}, self._fallback)


EMPTY_SCOPE = Scope({})


class NotConstant(Exception):
    """Raised inside constant evaluation at the first reference or function call."""


class _ConstantScope(Scope):
    """No references and no functions: what Terraform's context-free evaluation allows.

    Names bound by a `for` expression are the only names visible.
    """

    def __init__(self, names: Mapping[str, Any] | None = None) -> None:
        super().__init__(names or {})
        self._names = dict(names or {})

    def root(self, name: str) -> Any:
        if name in self._names:
            return self._names[name]
        raise NotConstant(name)

    def with_names(self, names: Mapping[str, Any]) -> Scope:
        return _ConstantScope({**self._names, **names})


CONSTANT_SCOPE = _ConstantScope()


def constant_value(expression: Expression) -> tuple[bool, Any]:
    """(True, value) when the expression is a constant as Terraform judges it, else (False, None).

    Terraform evaluates configuration expressions with no context at all: references and
    function calls make an expression non-constant.
    """
    try:
        value = evaluate(expression, CONSTANT_SCOPE)
    except NotConstant:
        return False, None
    if contains_unknown(value):
        return False, None
    return True, value


def evaluate(node: Expression, scope: Scope) -> Any:
    if isinstance(node, Token):
        return _token_value(node)
    handler = _HANDLERS.get(node.data)
    if handler is None:
        return UNKNOWN
    return handler(node, scope)


def _token_value(token: Token) -> Any:
    if token.type == "INT_LITERAL":
        return int(str(token))
    if token.type == "FLOAT_LITERAL":
        return normalize_number(float(str(token)))
    return UNKNOWN


def _expr_term(node: Tree, scope: Scope) -> Any:
    children = meaningful_children(node)
    inner = [child for child in children if isinstance(child, Tree)]
    if len(children) == 1:
        return evaluate(children[0], scope)
    return evaluate(inner[0], scope)  # ( expression )


def _literal_value(node: Tree, scope: Scope) -> Any:
    text = str(node.children[0])
    return {"true": True, "false": False, "null": None}[text]


def _int_lit(node: Tree, scope: Scope) -> Any:
    return int(str(node.children[0]))


def _float_lit(node: Tree, scope: Scope) -> Any:
    return normalize_number(float(str(node.children[0])))


def _identifier(node: Tree, scope: Scope) -> Any:
    return scope.root(name_of(node))


def _get_attr(node: Tree, scope: Scope) -> Any:
    inner, get_attr = meaningful_children(node)
    return attribute_of(evaluate(inner, scope), name_of(meaningful_children(get_attr)[-1]))


def _index(node: Tree, scope: Scope) -> Any:
    inner, index = meaningful_children(node)
    collection = evaluate(inner, scope)
    if index.data == "short_index":
        key: Any = int(str(meaningful_children(index)[-1]))
    else:
        key = evaluate(meaningful_children(index)[1], scope)
    return index_of(collection, key)


def attribute_of(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name, UNKNOWN)
    return UNKNOWN


def index_of(value: Any, key: Any) -> Any:
    if value is UNKNOWN or key is UNKNOWN:
        return UNKNOWN
    if isinstance(value, list) and isinstance(key, (int, float)) and not isinstance(key, bool):
        position = int(key)
        return value[position] if 0 <= position < len(value) else UNKNOWN
    if isinstance(value, Mapping) and isinstance(key, (str, int)):
        return value.get(str(key), UNKNOWN)
    return UNKNOWN


def _splat(node: Tree, scope: Scope) -> Any:
    source, splat = meaningful_children(node)
    value = evaluate(source, scope)
    if value is UNKNOWN:
        return UNKNOWN
    items = value if isinstance(value, list) else ([] if value is None else [value])
    steps = [step for step in meaningful_children(splat) if isinstance(step, Tree)]
    results = []
    for item in items:
        for step in steps:
            if step.data == "get_attr":
                item = attribute_of(item, name_of(meaningful_children(step)[-1]))
            elif step.data == "short_index":
                item = index_of(item, int(str(meaningful_children(step)[-1])))
            else:
                item = index_of(item, evaluate(meaningful_children(step)[1], scope))
        results.append(item)
    return results


def _string(node: Tree, scope: Scope) -> Any:
    parts: list[Any] = []
    for part in node.children:
        if isinstance(part, Token):
            continue  # the quotes
        inner = part.children[0]
        if isinstance(inner, Token):
            parts.append(unescape_string_chars(inner))
        elif inner.data == "interpolation":
            parts.append(evaluate(meaningful_children(inner)[1], scope))
        else:
            _evaluate_directive_expressions(inner, scope)
            parts.append(DIRECTIVE)
    return _join_template(parts)


def _evaluate_directive_expressions(node: Tree, scope: Scope) -> None:
    # Evaluated only so constant evaluation notices references inside directives.
    for child in node.children:
        if isinstance(child, Tree) and child.data != "identifier":
            evaluate(child, scope)


def _heredoc(node: Tree, scope: Scope) -> Any:
    parts: list[Any] = []
    for piece in heredoc_pieces(node):
        if isinstance(piece, str) or piece is DIRECTIVE:
            parts.append(piece)
        else:
            parts.append(evaluate(piece, scope))
    return _join_template(parts)


def _join_template(parts: list[Any]) -> Any:
    # A template that is exactly one interpolation yields that value unconverted, as in HCL.
    if len(parts) == 1 and not isinstance(parts[0], str):
        return UNKNOWN if parts[0] is DIRECTIVE else parts[0]
    text = []
    for part in parts:
        if isinstance(part, str):
            text.append(part)
            continue
        converted = to_string(part)
        if converted is None:
            return UNKNOWN
        text.append(converted)
    return "".join(text)


def _tuple(node: Tree, scope: Scope) -> Any:
    children = meaningful_children(node)
    return [evaluate(child, scope) for child in children if isinstance(child, Tree)]


def _object(node: Tree, scope: Scope) -> Any:
    result: dict[str, Any] = {}
    for element in meaningful_children(node):
        if not isinstance(element, Tree) or element.data != "object_elem":
            continue
        key_node, _separator, value_node = meaningful_children(element)
        key = _object_key(key_node, scope)
        value = evaluate(value_node, scope)
        if key is UNKNOWN:
            return UNKNOWN
        result[key] = value
    return result


def _object_key(key_node: Tree, scope: Scope) -> Any:
    node: Tree | Token = key_node
    while isinstance(node, Tree) and node.data in ("object_elem_key", "expr_term"):
        children = meaningful_children(node)
        if len(children) != 1:
            break
        node = children[0]
    if isinstance(node, Tree) and node.data in ("identifier", "keyword"):
        return name_of(node)
    key = to_string(evaluate(node, scope))
    return UNKNOWN if key is None else key


def _function_call(node: Tree, scope: Scope) -> Any:
    children = meaningful_children(node)
    names = [
        name_of(child)
        for child in children
        if isinstance(child, Tree) and child.data == "identifier"
    ]
    arguments_node = next(
        (child for child in children if isinstance(child, Tree) and child.data == "arguments"),
        None,
    )
    arguments = (
        [
            evaluate(arg, scope)
            for arg in meaningful_children(arguments_node)
            if isinstance(arg, Tree)
        ]
        if arguments_node is not None
        else []
    )
    if isinstance(scope, _ConstantScope):
        raise NotConstant(names[-1])
    expands = arguments_node is not None and any(
        isinstance(child, Token) and child.type == "ELLIPSIS" for child in arguments_node.children
    )
    function = FUNCTIONS.get(names[-1]) if len(names) == 1 else None
    if function is None or expands or any(contains_unknown(arg) for arg in arguments):
        return UNKNOWN
    try:
        return function(*arguments)
    except Exception:
        return UNKNOWN


def _conditional(node: Tree, scope: Scope) -> Any:
    condition, when_true, when_false = [
        child for child in meaningful_children(node) if isinstance(child, Tree)
    ]
    chosen = as_bool(evaluate(condition, scope))
    true_value = evaluate(when_true, scope)
    false_value = evaluate(when_false, scope)
    if chosen is None:
        return UNKNOWN
    return true_value if chosen else false_value


def as_bool(value: Any) -> bool | None:
    """HCL converts "true"/"false" to a bool where one is needed; anything else is unknown."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return None


def as_number(value: Any) -> float | int | None:
    """HCL converts numeric strings to numbers where one is needed."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return normalize_number(float(value)) if value.strip() else None
        except ValueError:
            return None
    return None


def _unary(node: Tree, scope: Scope) -> Any:
    operator, operand = meaningful_children(node)
    value = evaluate(operand, scope)
    if str(operator) == "!":
        truth = as_bool(value)
        return UNKNOWN if truth is None else not truth
    number = as_number(value)
    return UNKNOWN if number is None else -number


def _binary(node: Tree, scope: Scope) -> Any:
    left_node, term = [child for child in meaningful_children(node) if isinstance(child, Tree)]
    operator_node, right_node = [
        child for child in meaningful_children(term) if isinstance(child, Tree)
    ]
    operator = str(operator_node.children[0])
    left = evaluate(left_node, scope)
    right = evaluate(right_node, scope)
    if contains_unknown(left) or contains_unknown(right):
        return UNKNOWN
    return _apply_operator(operator, left, right)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _apply_operator(operator: str, left: Any, right: Any) -> Any:
    if operator == "==":
        return (left == right and type(left) is type(right)) or (
            _is_number(left) and _is_number(right) and left == right
        )
    if operator == "!=":
        return not _apply_operator("==", left, right)
    if operator in ("&&", "||"):
        left_truth, right_truth = as_bool(left), as_bool(right)
        if left_truth is None or right_truth is None:
            return UNKNOWN
        if operator == "&&":
            return left_truth and right_truth
        return left_truth or right_truth
    left, right = as_number(left), as_number(right)
    if left is None or right is None:
        return UNKNOWN
    if operator == "+":
        return normalize_number(left + right)
    if operator == "-":
        return normalize_number(left - right)
    if operator == "*":
        return normalize_number(left * right)
    if operator == "/":
        return normalize_number(left / right) if right != 0 else UNKNOWN
    if operator == "%":
        return normalize_number(math.fmod(left, right)) if right != 0 else UNKNOWN
    comparisons = {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}
    return comparisons.get(operator, UNKNOWN)


def _for_expression(node: Tree, scope: Scope) -> Any:
    parts = [child for child in meaningful_children(node) if isinstance(child, Tree)]
    intro, *rest = parts
    intro_parts = [child for child in meaningful_children(intro) if isinstance(child, Tree)]
    *names, collection_node = intro_parts
    collection = evaluate(collection_node, scope)
    condition = rest[-1] if rest and rest[-1].data == "for_cond" else None
    bodies = rest[:-1] if condition is not None else rest
    grouping = any(isinstance(child, Token) and child.type == "ELLIPSIS" for child in node.children)
    if contains_unknown(collection) and not isinstance(collection, (list, dict)):
        return UNKNOWN
    pairs = _iteration_pairs(collection)
    if pairs is None:
        return UNKNOWN
    key_name = name_of(names[0]) if len(names) == 2 else None
    value_name = name_of(names[-1])
    results_list: list[Any] = []
    results_map: dict[str, Any] = {}
    for key, value in pairs:
        bound = {value_name: value}
        if key_name is not None:
            bound[key_name] = key
        inner = scope.with_names(bound)
        if condition is not None:
            keep = evaluate(meaningful_children(condition)[-1], inner)
            if keep is UNKNOWN or not isinstance(keep, bool):
                return UNKNOWN
            if not keep:
                continue
        if node.data == "for_tuple_expr":
            results_list.append(evaluate(bodies[0], inner))
            continue
        result_key = to_string(evaluate(bodies[0], inner))
        result_value = evaluate(bodies[1], inner)
        if result_key is None:
            return UNKNOWN
        if grouping:
            results_map.setdefault(result_key, []).append(result_value)
        else:
            results_map[result_key] = result_value
    return results_list if node.data == "for_tuple_expr" else results_map


def _iteration_pairs(collection: Any) -> list[tuple[Any, Any]] | None:
    if isinstance(collection, list):
        return list(enumerate(collection))
    if isinstance(collection, Mapping):
        return [(key, collection[key]) for key in sorted(collection)]
    return None


_HANDLERS: dict[str, Callable[[Tree, Scope], Any]] = {
    "expr_term": _expr_term,
    "literal_value": _literal_value,
    "int_lit": _int_lit,
    "float_lit": _float_lit,
    "identifier": _identifier,
    "get_attr_expr_term": _get_attr,
    "index_expr_term": _index,
    "attr_splat_expr_term": _splat,
    "full_splat_expr_term": _splat,
    "string": _string,
    "heredoc_template": _heredoc,
    "heredoc_template_trim": _heredoc,
    "tuple": _tuple,
    "object": _object,
    "function_call": _function_call,
    "conditional": _conditional,
    "unary_op": _unary,
    "binary_op": _binary,
    "for_tuple_expr": _for_expression,
    "for_object_expr": _for_expression,
}
