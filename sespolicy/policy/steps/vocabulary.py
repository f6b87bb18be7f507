"""The vocabulary in reading order, for `sespolicy steps` and the docs."""

from __future__ import annotations

from sespolicy.policy.steps.registry import REGISTRY, Role, StepDefinition

_ROLE_ORDER = (Role.SELECT, Role.NARROW, Role.RELATE, Role.JUDGE, Role.DESCRIBE)
_KIND_ORDER = ("given", "when", "then")


def ordered_definitions() -> list[StepDefinition]:
    """Given, When, Then; within each, select, narrow, relate, judge, describe; then the order
    the definitions were written in (sorted is stable)."""
    return sorted(
        REGISTRY.definitions,
        key=lambda d: (_KIND_ORDER.index(d.kind), _ROLE_ORDER.index(d.role)),
    )
