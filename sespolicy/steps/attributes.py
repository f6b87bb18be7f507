"""Attribute patterns such as `s3_action[*].kms_key_arn` and whether a resource sets them."""

from __future__ import annotations

import re
from functools import lru_cache

from sespolicy.model import ResourceInstance, iter_expressions
from sespolicy.values import format_path, iter_leaves


@lru_cache(maxsize=256)
def attribute_pattern(patterns: str) -> re.Pattern[str]:
    """One regex for a comma-separated list of attribute paths with `[*]` wildcards."""
    alternatives = []
    for pattern in (p.strip() for p in patterns.split(",") if p.strip()):
        alternatives.append(re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]"))
    return re.compile("^(?:" + "|".join(alternatives) + ")$")


def attribute_is_set(resource: ResourceInstance, pattern: re.Pattern[str]) -> bool:
    """True when the configuration or the planned values give the attribute a value."""
    for path, expression in iter_expressions(resource.expressions):
        if pattern.match(path) and (expression.references or expression.constant is not None):
            return True
    for steps, value in iter_leaves(resource.values):
        if value not in (None, "") and pattern.match(format_path(steps)):
            return True
    for steps, marked in iter_leaves(resource.unknown):
        if marked is True and pattern.match(format_path(steps)):
            return True
    return False


def known_values(resource: ResourceInstance, pattern: re.Pattern[str]) -> list[tuple[str, object]]:
    return [
        (format_path(steps), value)
        for steps, value in iter_leaves(resource.values)
        if value not in (None, "") and pattern.match(format_path(steps))
    ]
