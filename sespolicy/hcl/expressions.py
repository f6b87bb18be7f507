"""Expressions in the shape of Terraform's JSON configuration representation.

An attribute becomes `{"constant_value": v}` when it is a literal (Terraform evaluates
configuration expressions without any context, so a reference or a function call makes it
non-constant), `{"references": […]}` when it refers to anything, and `{}` otherwise (e.g.
`upper("x")`). A nested block becomes a list of such maps, one per block, as Terraform writes
list- and set-nested blocks (nearly every AWS block); `dynamic` blocks are left out, as
Terraform leaves them out. Keys are sorted, as Terraform's JSON encoder sorts map keys.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sespolicy.hcl.evaluate import constant_value
from sespolicy.hcl.references import references_in
from sespolicy.hcl.schema import BlockSchema
from sespolicy.hcl.syntax import Block, Expression

# Block types that the AWS provider nests as a single object rather than a list.
SINGLE_NESTED_BLOCKS = frozenset({"timeouts"})


def expression_json(expression: Expression) -> dict[str, Any]:
    references = references_in(expression)
    if references:
        return {"references": references}
    known, value = constant_value(expression)
    if known:
        return {"constant_value": value}
    return {}


def body_expressions(
    block: Block,
    skip_attributes: Collection[str] = (),
    skip_blocks: Collection[str] = (),
    only_attributes: Collection[str] | None = None,
    schema: BlockSchema | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, attribute in block.attributes.items():
        if name in skip_attributes:
            continue
        if only_attributes is not None and name not in only_attributes:
            continue
        result[name] = expression_json(attribute.expression)
    if only_attributes is None:
        for nested in block.blocks:
            if nested.type in skip_blocks or nested.type == "dynamic":
                continue
            if schema is not None and nested.type in schema.nested:
                nesting, nested_schema = schema.nested[nested.type]
            else:
                nesting = "single" if nested.type in SINGLE_NESTED_BLOCKS else "list"
                nested_schema = None
            nested_json = body_expressions(nested, schema=nested_schema)
            if nesting in ("single", "group"):
                result[nested.type] = nested_json
            else:
                result.setdefault(nested.type, []).append(nested_json)
    return dict(sorted(result.items()))


def optional_expression(expression: Expression | None) -> dict[str, Any] | None:
    """For count/for_each: Terraform omits the key when the expression is empty."""
    if expression is None:
        return None
    marshalled = expression_json(expression)
    return marshalled or None
