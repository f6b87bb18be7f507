"""What the JSON Schema leaves open or cannot bound: configuration expressions and module depth.

The schema says only "object" for a resource's `expressions` (their keys are the attributes of
each resource type), yet the model, the graph and the Region resolver walk them: every leaf an
object of `constant_value` and/or `references`, `references` a list of strings, nested blocks
objects or lists of objects. Terraform always writes them so; anything else is refused here,
with its JSON path, before it can reach address arithmetic as a number or a null.

Depth is bounded too, with a clear error rather than a RecursionError or a blow-up later:
modules nest at most MAX_MODULE_DEPTH calls deep (Terraform sets no limit; real configurations
stay under ten) and nested blocks at most MAX_BLOCK_DEPTH deep. A module address of the plan may
not name more module calls than that either: the graph indexes every ancestor of a module
instance, so an address of thousands of `module.x` steps would cost time and memory quadratic in
its length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sespolicy.errors import InputError
from sespolicy.world.addresses import module_depth_exceeds
from sespolicy.world.load.schema import format_path
from sespolicy.world.load.sniff import SHOW_JSON, json_type_name
from sespolicy.world.model import LEAF_KEYS, is_expression

MAX_MODULE_DEPTH = 64
MAX_BLOCK_DEPTH = 64

JsonPath = tuple[str | int, ...]


class _Refused(Exception):
    def __init__(self, path: JsonPath, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def check_structure(data: dict, source: str) -> None:
    """Raise InputError for the first expression or module nesting the model cannot take."""
    try:
        configuration = data.get("configuration")
        if isinstance(configuration, dict):
            _check_configuration(configuration)
        _check_module_addresses(data)
    except _Refused as refused:
        raise InputError(
            f"{source}: {format_path(refused.path)}: {refused.problem}; "
            f"give sespolicy unmodified {SHOW_JSON} output"
        ) from None


def _check_configuration(configuration: dict) -> None:
    base: JsonPath = ("configuration",)
    for key, provider in _items(configuration.get("provider_config")):
        if isinstance(provider, dict) and "expressions" in provider:
            _check_block(provider["expressions"], (*base, "provider_config", key, "expressions"))
    root = configuration.get("root_module")
    if isinstance(root, dict):
        for module, path, depth in _modules(root, (*base, "root_module")):
            if depth > MAX_MODULE_DEPTH:
                raise _Refused(path, f"modules nest more than {MAX_MODULE_DEPTH} calls deep")
            _check_module(module, path)


def _modules(root: dict, path: JsonPath) -> Iterator[tuple[dict, JsonPath, int]]:
    """Every module of the configuration tree with its JSON path and nesting depth."""
    stack = [(root, path, 0)]
    while stack:
        module, module_path, depth = stack.pop()
        yield module, module_path, depth
        for name, call in _items(module.get("module_calls")):
            child = call.get("module") if isinstance(call, dict) else None
            if isinstance(child, dict):
                stack.append((child, (*module_path, "module_calls", name, "module"), depth + 1))


def _check_module(module: dict, path: JsonPath) -> None:
    resources = module.get("resources")
    resources = [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []
    # All of a module's expressions are judged in one pass; paths are built only to explain.
    if not _valid_blocks(r["expressions"] for r in resources if "expressions" in r):
        for position, resource in enumerate(module["resources"]):
            if isinstance(resource, dict) and "expressions" in resource:
                where = (*path, "resources", position, "expressions")
                _explain_block(resource["expressions"], where)
    for position, resource in enumerate(resources):
        if "count_expression" in resource or "for_each_expression" in resource:
            where = (*path, "resources", position)
            _check_optional_leaf(resource, where, "count_expression", "for_each_expression")
    for name, call in _items(module.get("module_calls")):
        if not isinstance(call, dict):
            continue
        where = (*path, "module_calls", name)
        if "expressions" in call:
            _check_block(call["expressions"], (*where, "expressions"))
        _check_optional_leaf(call, where, "count_expression", "for_each_expression")
    for name, output in _items(module.get("outputs")):
        if isinstance(output, dict):
            _check_optional_leaf(output, (*path, "outputs", name), "expression")


def _check_optional_leaf(owner: dict, path: JsonPath, *names: str) -> None:
    for name in names:
        if name in owner and owner[name] is not None:
            _check_leaf(owner[name], (*path, name))


def _check_leaf(raw: Any, path: JsonPath) -> None:
    if not isinstance(raw, dict) or not is_expression(raw):
        raise _Refused(path, f"expected an expression object, found {json_type_name(raw)}")
    _check_references(raw, path)


def _check_references(leaf: dict, path: JsonPath) -> None:
    references = leaf.get("references")
    if references is None:
        return
    for position, reference in enumerate(references):
        if not isinstance(reference, str):
            raise _Refused(
                (*path, "references", position),
                f"expected a string, found {json_type_name(reference)}",
            )


def _check_block(block: Any, path: JsonPath) -> None:
    """An `expressions` object: attributes to leaves, nested blocks to objects or lists."""
    if not _valid_blocks((block,)):
        _explain_block(block, path)


def _valid_blocks(blocks: Iterable[Any]) -> bool:
    """The common case, judged level by level without building a JSON path for each node (a
    50,000-resource configuration has hundreds of thousands); _explain_block says what is
    wrong."""
    level = list(blocks)
    depth = 1
    while level:
        if depth > MAX_BLOCK_DEPTH:
            return False
        deeper: list[Any] = []
        for node in level:
            if type(node) is not dict:
                return False
            for raw in node.values():
                kind = type(raw)
                if kind is dict:
                    references = raw.get("references")
                    if not raw.keys() <= LEAF_KEYS or type(references) is dict:
                        deeper.append(raw)  # a nested block
                    elif references is not None and not _strings(references):
                        return False
                elif kind is list:
                    deeper.extend(raw)
                else:
                    return False
        level = deeper
        depth += 1
    return True


_ONLY_STRINGS = frozenset({str})


def _strings(references: Any) -> bool:
    # map/set stay in C: this runs for every leaf of every resource of the configuration.
    return type(references) is list and set(map(type, references)) <= _ONLY_STRINGS


def _explain_block(block: Any, path: JsonPath) -> None:
    stack: list[tuple[Any, JsonPath, int]] = [(block, path, 1)]
    while stack:
        node, where, depth = stack.pop()
        if not isinstance(node, dict):
            found = json_type_name(node)
            raise _Refused(where, f"expected an object of expressions, found {found}")
        if depth > MAX_BLOCK_DEPTH:
            raise _Refused(where, f"nested blocks go more than {MAX_BLOCK_DEPTH} levels deep")
        for name, raw in node.items():
            child_path = (*where, name)
            if isinstance(raw, dict):
                if is_expression(raw):
                    _check_references(raw, child_path)
                elif LEAF_KEYS & raw.keys() and _leaf_like(raw):
                    raise _Refused(
                        (*child_path, "references"),
                        f"expected an array of strings, found {json_type_name(raw['references'])}",
                    )
                else:
                    stack.append((raw, child_path, depth + 1))
            elif isinstance(raw, list):
                for position, item in enumerate(raw):
                    stack.append((item, (*child_path, position), depth + 1))
            else:
                found = json_type_name(raw)
                raise _Refused(child_path, f"expected an expression or blocks, found {found}")


def _leaf_like(raw: dict) -> bool:
    """An object with only leaf keys whose `references` is not an array: a broken leaf, unless
    `references` is itself an expression (a nested block with an attribute of that name)."""
    return raw.keys() <= LEAF_KEYS and not isinstance(raw.get("references"), dict)


def _check_module_addresses(data: dict) -> None:
    """Module addresses of resource instances name at most MAX_MODULE_DEPTH module calls."""
    for list_name in ("resource_changes", "resource_drift"):
        records = data.get(list_name)
        for position, record in enumerate(records if isinstance(records, list) else ()):
            if isinstance(record, dict):
                where = (list_name, position, "module_address")
                _check_address_depth(record.get("module_address"), where)
    for values_path in (("planned_values",), ("values",), ("prior_state", "values")):
        values: Any = data
        for name in values_path:
            values = values.get(name) if isinstance(values, dict) else None
        root = values.get("root_module") if isinstance(values, dict) else None
        if isinstance(root, dict):
            _check_module_values(root, (*values_path, "root_module"))


def _check_module_values(root: dict, path: JsonPath) -> None:
    stack = [(root, path, 0)]
    while stack:
        module, where, depth = stack.pop()
        if depth > MAX_MODULE_DEPTH:
            raise _Refused(where, f"child modules nest more than {MAX_MODULE_DEPTH} deep")
        _check_address_depth(module.get("address"), (*where, "address"))
        children = module.get("child_modules")
        for position, child in enumerate(children if isinstance(children, list) else ()):
            if isinstance(child, dict):
                stack.append((child, (*where, "child_modules", position), depth + 1))


def _check_address_depth(address: Any, path: JsonPath) -> None:
    if isinstance(address, str) and module_depth_exceeds(address, MAX_MODULE_DEPTH):
        raise _Refused(path, f"names more than {MAX_MODULE_DEPTH} nested module calls")


def _items(value: Any) -> Iterator[tuple[str, Any]]:
    return iter(value.items()) if isinstance(value, dict) else iter(())
