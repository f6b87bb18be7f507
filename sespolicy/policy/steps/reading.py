"""Reading a resource's attribute for a verdict: its value, and whether any part of it is
unknown until apply or sensitive.

Every step reads values through here, so "unknown at any depth" holds everywhere: an element
unknown inside a list, map or nested block makes the whole value unknown (Terraform writes a
null in its place in `after`), never a known null. Sensitive values may be compared but are
shown as `(sensitive)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sespolicy.display import shown
from sespolicy.policy.steps.parameters import AttributePaths
from sespolicy.world.attribute_paths import (
    format_path,
    get_path,
    iter_leaves,
    marked_within,
    parse_path,
)
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.model import ResourceInstance


@dataclass(frozen=True)
class Reading:
    path: str
    value: Any
    unknown: bool
    sensitive: bool


def read(resource: ResourceInstance, path: str) -> Reading:
    """One attribute path (`[*]` not allowed here: see read_all)."""
    if path.isidentifier():
        # A top-level attribute, what most steps read: no path to walk.
        return Reading(
            path,
            resource.values.get(path),
            _marked_top(resource.unknown, path),
            _marked_top(resource.sensitive, path),
        )
    steps = parse_path(path)
    return Reading(
        path,
        get_path(resource.values, steps),
        marked_within(resource.unknown, steps),
        marked_within(resource.sensitive, steps),
    )


def _marked_top(marks: object, name: str) -> bool:
    if marks is True:
        return True
    if not isinstance(marks, dict):
        return False
    below = marks.get(name)
    return below is True or (bool(below) and marked_within(below, ()))


def read_all(resource: ResourceInstance, path: str) -> list[Reading]:
    """Every value at a path whose `[*]` stands for each element of a list."""
    if "[*]" not in path:
        return [read(resource, path)]
    return [read(resource, concrete) for concrete in _expand(resource.values, path)]


def strings_of(reading: Reading) -> list[str]:
    """The text values of a reading: a string, or the strings of a list."""
    if isinstance(reading.value, str):
        return [reading.value]
    if isinstance(reading.value, list):
        return [str(item) for item in reading.value if item is not None]
    return []


def is_set(graph: ResourceGraph, resource: ResourceInstance, paths: AttributePaths) -> bool:
    """True when the configuration or the planned values give an attribute a value (known or
    unknown until apply)."""
    for name in paths.top_names:
        if not _top_level_set(resource, name):
            continue  # the common case (an action block the rule does not use): no walk
        if any(paths.match(p) for p in graph.indexes.set_paths(resource.address, name)):
            return True
    return False


def known_values(resource: ResourceInstance, paths: AttributePaths) -> list[tuple[str, str]]:
    """(path, shown value) for the known values at matching paths, for messages."""
    found = []
    for name in paths.top_names:
        for steps, value in iter_leaves(resource.values.get(name), [name]):
            path = format_path(steps)
            if value in (None, "") or not paths.match(path):
                continue
            found.append((path, shown(value, marked_within(resource.sensitive, steps))))
    return found


def _top_level_set(resource: ResourceInstance, name: str) -> bool:
    unknown = resource.unknown
    return (
        resource.values.get(name) not in (None, "", [], {})
        or bool(resource.expressions.get(name))
        or unknown is True
        or (isinstance(unknown, dict) and bool(unknown.get(name)))
    )


def _expand(values: Any, path: str) -> Iterator[str]:
    head, _, rest = path.partition("[*]")
    items = get_path(values, parse_path(head)) if head else values
    if not isinstance(items, list):
        return
    for position in range(len(items)):
        concrete = f"{head}[{position}]{rest}"
        if "[*]" in rest:
            yield from _expand(values, concrete)
        else:
            yield concrete
