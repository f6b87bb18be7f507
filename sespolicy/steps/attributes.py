"""Attribute patterns such as `s3_action[*].kms_key_arn` and whether a resource sets them."""

from __future__ import annotations

import re
from functools import lru_cache

from sespolicy.graph import ResourceGraph
from sespolicy.model import ResourceInstance, iter_expressions
from sespolicy.values import format_path, iter_leaves


@lru_cache(maxsize=256)
def attribute_pattern(patterns: str) -> re.Pattern[str]:
    """One regex for a comma-separated list of attribute paths with `[*]` wildcards."""
    alternatives = []
    for pattern in (p.strip() for p in patterns.split(",") if p.strip()):
        alternatives.append(re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]"))
    return re.compile("^(?:" + "|".join(alternatives) + ")$")


def _set_paths(resource: ResourceInstance) -> tuple[str, ...]:
    """Every attribute path the configuration or the planned values give a value."""
    paths = [
        path
        for path, expression in iter_expressions(resource.expressions)
        if expression.references or expression.constant is not None
    ]
    paths.extend(
        format_path(steps)
        for steps, value in iter_leaves(resource.values)
        if value not in (None, "")
    )
    paths.extend(
        format_path(steps) for steps, marked in iter_leaves(resource.unknown) if marked is True
    )
    return tuple(paths)


def attribute_is_set(
    graph: ResourceGraph, resource: ResourceInstance, pattern: re.Pattern[str]
) -> bool:
    """True when the configuration or the planned values give the attribute a value."""
    # Many rules ask this of the same resource; its paths are flattened once per graph.
    cache = graph.cache.setdefault("set_paths", {})
    assert isinstance(cache, dict)
    paths = cache.get(resource.address)
    if paths is None:
        paths = cache[resource.address] = _set_paths(resource)
    return any(pattern.match(path) for path in paths)


def known_values(resource: ResourceInstance, pattern: re.Pattern[str]) -> list[tuple[str, object]]:
    return [
        (format_path(steps), value)
        for steps, value in iter_leaves(resource.values)
        if value not in (None, "") and pattern.match(format_path(steps))
    ]
