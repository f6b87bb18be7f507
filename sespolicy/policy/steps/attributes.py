"""Attribute patterns such as `s3_action[*].kms_key_arn` and whether a resource sets them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sespolicy.world.attribute_paths import format_path, is_marked, iter_leaves
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.model import ResourceInstance, iter_expressions


@dataclass(frozen=True)
class AttributePattern:
    """Attribute paths with `[*]` wildcards, e.g. `s3_action[*].kms_key_arn`."""

    regex: re.Pattern[str]
    top_names: frozenset[str]  # first path segments, to skip unrelated attributes cheaply

    def match(self, path: str) -> bool:
        return self.regex.match(path) is not None


def _top_name(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


@lru_cache(maxsize=256)
def attribute_pattern(patterns: str) -> AttributePattern:
    """One matcher for a comma-separated list of attribute paths with `[*]` wildcards."""
    parts = [p.strip() for p in patterns.split(",") if p.strip()]
    alternatives = [re.escape(p).replace(r"\[\*\]", r"\[\d+\]") for p in parts]
    return AttributePattern(
        re.compile("^(?:" + "|".join(alternatives) + ")$"),
        frozenset(_top_name(p) for p in parts),
    )


def _set_paths(resource: ResourceInstance, name: str) -> list[str]:
    """Every path under the top-level attribute `name` that the configuration or the planned
    values give a value (known or unknown until apply)."""
    paths = (
        [
            path
            for path, expression in iter_expressions({name: resource.expressions[name]})
            if expression.references or expression.constant is not None
        ]
        if name in resource.expressions
        else []
    )
    if name in resource.values:
        paths.extend(
            format_path(steps)
            for steps, value in iter_leaves(resource.values[name], [name])
            if value not in (None, "")
        )
    unknown = resource.unknown
    if unknown is True:
        paths.append(name)
    elif isinstance(unknown, dict) and name in unknown:
        paths.extend(
            format_path(steps)
            for steps, marked in iter_leaves(unknown[name], [name])
            if marked is True
        )
    return paths


def _top_level_set(resource: ResourceInstance, name: str) -> bool:
    unknown = resource.unknown
    return (
        resource.values.get(name) not in (None, "", [], {})
        or bool(resource.expressions.get(name))
        or unknown is True
        or (isinstance(unknown, dict) and bool(unknown.get(name)))
    )


def attribute_is_set(
    graph: ResourceGraph, resource: ResourceInstance, pattern: AttributePattern
) -> bool:
    """True when the configuration or the planned values give the attribute a value."""
    if not any(_top_level_set(resource, name) for name in pattern.top_names):
        return False  # the common case (an action block the rule does not use): no walk
    # Many rules ask this of the same resource: its paths are flattened once per graph.
    cache = graph.cache.setdefault("set_paths", {})
    assert isinstance(cache, dict)
    for name in pattern.top_names:
        key = (resource.address, name)
        paths = cache.get(key)
        if paths is None:
            paths = cache[key] = _set_paths(resource, name)
        if any(pattern.match(path) for path in paths):
            return True
    return False


SENSITIVE = "(sensitive value)"


def known_values(resource: ResourceInstance, pattern: AttributePattern) -> list[tuple[str, object]]:
    """Known values at the matching paths, for messages: values the plan marks sensitive are
    replaced, never printed."""
    found: list[tuple[str, object]] = []
    for steps, value in iter_leaves(resource.values):
        path = format_path(steps)
        if value in (None, "") or not pattern.match(path):
            continue
        found.append((path, SENSITIVE if is_marked(resource.sensitive, steps) else value))
    return found
