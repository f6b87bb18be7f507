"""The references in an expression, listed the way Terraform's plan JSON lists them.

Terraform's `configuration` representation gives, for every expression that refers to
something, each reference unwrapped step by step down to the smallest addressable object:
`aws_sns_topic.t.arn` → `aws_sns_topic.t.arn`, `aws_sns_topic.t`; `aws_kms_key.k["x"].arn` →
…`["x"].arn`, …`["x"]`, `aws_kms_key.k`; `module.m.out` → `module.m.out`, `module.m`. We follow
the same rules (facts from Terraform's documented JSON output format and its behaviour):

* a traversal continues through `.attr`, `[0]` and `["literal"]`; a computed index such as
  `[each.key]` ends it, and the index expression's own references follow;
* splats (`aws_x.y[*].arn`) reference only what precedes the splat;
* names bound by a `for` expression are local, not references;
* a bare identifier used as an object key (`{ name = … }`) is a string, not a reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import hcl2
from lark import Token, Tree

from sespolicy.hcl.syntax import (
    Expression,
    go_quote,
    literal_string,
    meaningful_children,
    name_of,
)
from sespolicy.hcl.templates import heredoc_pieces

# Step of a traversal after its root name: ("attr", "arn") or ("index", 0) / ("index", "key").
Step = tuple[str, object]


@dataclass(frozen=True)
class Traversal:
    root: str
    steps: tuple[Step, ...]


def references_in(expression: Expression) -> list[str]:
    """Terraform-style reference strings of one expression, in the order they appear."""
    found: list[str] = []
    for traversal in traversals_in(expression, frozenset()):
        found.extend(reference_strings(traversal))
    return found


def attribute_paths_in(expression: Expression) -> list[str]:
    """Each traversal of the expression as its names without indexes: `aws_x.y[0].arn` →
    `aws_x.y.arn`, `var.m["k"]` → `var.m` (what sensitivity follows: marks do not depend on
    which instance or element is read)."""
    return [
        ".".join([traversal.root, *(str(name) for kind, name in traversal.steps if kind == "attr")])
        for traversal in traversals_in(expression, frozenset())
    ]


def uses_any(expression: Expression, paths: AbstractSet[str]) -> bool:
    """Whether the expression reads one of `paths`, a part of one, or an object holding one
    (`module.m` holds `module.m.out`): Terraform's sensitivity travels all three ways."""
    if not paths:
        return False
    for path in attribute_paths_in(expression):
        if path in paths:
            return True
        prefix = path
        while "." in prefix:
            prefix = prefix.rsplit(".", 1)[0]
            if prefix in paths:
                return True
        if any(candidate.startswith(path + ".") for candidate in paths):
            return True
    return False


def references_in_text(text: str) -> list[str]:
    """Same as `references_in`, for the text of an expression (handy in tests and tools)."""
    tree = hcl2.parses_to_tree(f"probe = {text}\n")
    attribute = meaningful_children(meaningful_children(tree)[0])[0]
    return references_in(meaningful_children(attribute)[-1])


def traversals_in(node: Expression, bound: frozenset[str]) -> Iterator[Traversal]:
    """Every root-scope traversal in the expression, skipping names bound by `for`."""
    if isinstance(node, Token):
        return
    kind = node.data
    if kind in ("identifier", "get_attr_expr_term", "index_expr_term"):
        traversal = as_traversal(node)
        if traversal is not None:
            if traversal.root not in bound:
                yield traversal
            return
        yield from _traversals_in_broken_chain(node, bound)
        return
    if kind in ("attr_splat_expr_term", "full_splat_expr_term"):
        source, splat = meaningful_children(node)
        yield from traversals_in(source, bound)
        for step in meaningful_children(splat):
            if isinstance(step, Tree) and step.data == "braces_index":
                yield from traversals_in(meaningful_children(step)[1], bound)
        return
    if kind in ("for_tuple_expr", "for_object_expr"):
        yield from _traversals_in_for(node, bound)
        return
    if kind == "object_elem":
        key, _separator, value = meaningful_children(node)
        if not _is_bare_identifier_key(key):
            yield from traversals_in(key, bound)
        yield from traversals_in(value, bound)
        return
    if kind in ("heredoc_template", "heredoc_template_trim"):
        for piece in heredoc_pieces(node):
            if not isinstance(piece, str):
                yield from traversals_in(piece, bound)
        return
    if kind == "function_call":
        for child in meaningful_children(node):
            if isinstance(child, Tree) and child.data == "arguments":
                yield from traversals_in(child, bound)
        return
    if kind == "template_for_start":
        # `%{ for x in list }`: only the collection is a reference here; x is local
        yield from traversals_in(_last_tree(node), bound)
        return
    for child in meaningful_children(node):
        yield from traversals_in(child, bound)


def _traversals_in_broken_chain(node: Tree, bound: frozenset[str]) -> Iterator[Traversal]:
    """A chain with a computed index: the part before it, then the index's own references."""
    inner, step = meaningful_children(node)
    yield from traversals_in(inner, bound)
    if isinstance(step, Tree) and step.data == "braces_index":
        yield from traversals_in(meaningful_children(step)[1], bound)


def _traversals_in_for(node: Tree, bound: frozenset[str]) -> Iterator[Traversal]:
    parts = [child for child in meaningful_children(node) if isinstance(child, Tree)]
    intro, *rest = parts
    intro_parts = [child for child in meaningful_children(intro) if isinstance(child, Tree)]
    *names, collection = intro_parts
    yield from traversals_in(collection, bound)
    inner_bound = bound | {name_of(name) for name in names}
    for part in rest:
        yield from traversals_in(part, inner_bound)


def _is_bare_identifier_key(key: Tree) -> bool:
    node: Tree | Token = key
    while isinstance(node, Tree) and node.data in ("object_elem_key", "expr_term"):
        children = meaningful_children(node)
        if len(children) != 1:
            return False
        node = children[0]
    return isinstance(node, Tree) and node.data in ("identifier", "keyword")


def _last_tree(node: Tree) -> Tree:
    return [child for child in node.children if isinstance(child, Tree)][-1]


def as_traversal(node: Expression) -> Traversal | None:
    """The node as root.attr[literal]… or None when it is anything else."""
    steps: list[Step] = []
    current: Expression = node
    while True:
        if isinstance(current, Token):
            return None
        kind = current.data
        if kind == "expr_term":
            children = meaningful_children(current)
            if len(children) != 1:
                return None
            current = children[0]
            continue
        if kind == "identifier":
            return Traversal(root=name_of(current), steps=tuple(reversed(steps)))
        if kind == "get_attr_expr_term":
            inner, get_attr = meaningful_children(current)
            steps.append(("attr", name_of(meaningful_children(get_attr)[-1])))
            current = inner
            continue
        if kind == "index_expr_term":
            inner, index = meaningful_children(current)
            key = _literal_index(index)
            if key is None:
                return None
            steps.append(("index", key))
            current = inner
            continue
        return None


def _literal_index(index: Tree) -> object | None:
    if index.data == "short_index":
        return int(str(meaningful_children(index)[-1]))
    expression = meaningful_children(index)[1]
    while isinstance(expression, Tree) and expression.data == "expr_term":
        children = meaningful_children(expression)
        if len(children) != 1:
            return None
        expression = children[0]
    if not isinstance(expression, Tree):
        return None
    if expression.data == "int_lit":
        return int(str(expression.children[0]))
    if expression.data == "string":
        return literal_string(expression)
    return None


def format_steps(steps: tuple[Step, ...]) -> str:
    text = []
    for kind, value in steps:
        if kind == "attr":
            text.append(f".{value}")
        elif isinstance(value, str):
            text.append(f"[{go_quote(value)}]")
        else:
            text.append(f"[{value}]")
    return "".join(text)


@dataclass(frozen=True)
class Subject:
    """What a reference points at, split as Terraform's addrs.ParseRef splits it."""

    text: str
    remaining: tuple[Step, ...]
    extra: tuple[str, ...] = ()  # written after the subject: the keyless resource/module call


def parse_reference(traversal: Traversal) -> Subject | None:
    root, steps = traversal.root, traversal.steps
    attrs_first = bool(steps) and steps[0][0] == "attr"
    if root in ("var", "local", "count", "each", "path", "terraform"):
        if not attrs_first:
            return None
        return Subject(f"{root}.{steps[0][1]}", steps[1:])
    if root == "self":
        return Subject("self", steps)
    if root == "module":
        return _parse_module_reference(steps)
    if root in ("data", "ephemeral"):
        if len(steps) < 2 or steps[0][0] != "attr" or steps[1][0] != "attr":
            return None
        return _parse_resource_reference(f"{root}.{steps[0][1]}.{steps[1][1]}", steps[2:])
    if not attrs_first:
        return None
    return _parse_resource_reference(f"{root}.{steps[0][1]}", steps[1:])


def _parse_resource_reference(resource: str, rest: tuple[Step, ...]) -> Subject:
    if rest and rest[0][0] == "index":
        instance = resource + format_steps(rest[:1])
        return Subject(instance, rest[1:], extra=(resource,))
    return Subject(resource, rest)


def _parse_module_reference(steps: tuple[Step, ...]) -> Subject | None:
    if not steps or steps[0][0] != "attr":
        return None
    call = f"module.{steps[0][1]}"
    rest = steps[1:]
    keyed = bool(rest) and rest[0][0] == "index"
    instance = call + format_steps(rest[:1]) if keyed else call
    if keyed:
        rest = rest[1:]
    if rest and rest[0][0] == "attr":
        return Subject(f"{instance}.{rest[0][1]}", rest[1:], extra=(instance,))
    return Subject(instance, rest, extra=(call,) if keyed else ())


def reference_strings(traversal: Traversal) -> list[str]:
    subject = parse_reference(traversal)
    if subject is None:
        return []
    strings = []
    remaining = subject.remaining
    while remaining:
        strings.append(subject.text + format_steps(remaining))
        remaining = remaining[:-1]
    strings.append(subject.text)
    strings.extend(subject.extra)
    return strings
