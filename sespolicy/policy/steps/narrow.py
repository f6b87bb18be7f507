"""When: narrowing the resources in scope, or their targets.

A value unknown until apply never drops a resource silently: the resource stays in scope with a
doubt, and its verdict is unknown with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sespolicy.policy.steps.parameters import AttributePaths, TypeSelector
from sespolicy.policy.steps.reading import Reading, is_set, read_all
from sespolicy.policy.steps.registry import Capability, Role, when
from sespolicy.policy.steps.scope import (
    Doubt,
    PoolMemo,
    ScenarioContext,
    Subject,
    sift_targets,
)
from sespolicy.policy.steps.select import selected_types

_NARROWS = {"role": Role.NARROW, "needs": (Capability.SCOPE,)}
_NARROWS_TARGETS = {"role": Role.NARROW, "needs": (Capability.SCOPE, Capability.TARGETS)}


def _same_text(value: Any, expected: str) -> bool:
    return value is not None and str(value).lower() == expected.lower()


def _keep_if(
    context: ScenarioContext, attribute: str, keep: Callable[[Any], bool], any_value: bool = True
) -> None:
    """Keep subjects for which keep(value) holds for some value at the path (every value, with
    any_value=False); a value unknown until apply keeps the subject, with a doubt."""
    test = any if any_value else all
    kept = []
    for subject in context.scope():
        readings = read_all(context.graph.resource(subject.address), attribute)
        if any(r.unknown for r in readings):
            subject.add_doubt(Doubt(f"its {attribute} is known only after apply"))
            kept.append(subject)
        elif test(keep(value) for value in ([r.value for r in readings] or [None])):
            kept.append(subject)
    context.subjects = kept


@when('its "{attribute}" is "{value}"', **_NARROWS)
def narrow_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep the resources whose attribute equals the text (compared without regard to case)."""
    _keep_if(context, attribute, lambda v: _same_text(v, value))


@when('its "{attribute}" is not "{value}"', **_NARROWS)
def narrow_not_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep the resources whose attribute is missing or differs from the text."""
    _keep_if(context, attribute, lambda v: not _same_text(v, value), any_value=False)


@when('its "{attribute}" matches "{pattern}"', **_NARROWS)
def narrow_matching(context: ScenarioContext, attribute: str, pattern: Any) -> None:
    """Keep the resources whose attribute matches the regular expression (anywhere in the
    text; checked when policies load, bounded when matched)."""
    _keep_if(context, attribute, lambda v: v is not None and bool(pattern.search(str(v))))


@when('its "{attributes}" is set', **_NARROWS)
def narrow_set(context: ScenarioContext, attributes: AttributePaths) -> None:
    """Keep the resources that give the attribute (a path, `[*]` allowed) any value, known or
    known only after apply."""
    graph = context.graph
    context.subjects = [
        s for s in context.scope() if is_set(graph, graph.resource(s.address), attributes)
    ]


# -- by targets ----------------------------------------------------------------------------


@when("it has a target", **_NARROWS_TARGETS)
def has_a_target(context: ScenarioContext) -> None:
    """Keep the resources for which the last relating step found something. One whose only
    candidates have keys known after apply stays, with a doubt."""
    kept = []
    for subject in context.scope():
        if subject.targets:
            kept.append(subject)
        elif subject.maybe is not None or subject.doubt is not None:
            if subject.maybe is not None:
                subject.add_doubt(Doubt(f"it may have none: {subject.maybe.describe()}"))
            kept.append(subject)
    context.subjects = kept


@when("it has no target", **_NARROWS_TARGETS)
def has_no_target(context: ScenarioContext) -> None:
    """Keep the resources for which the last relating step found nothing. One whose candidates
    have keys known only after apply stays, with a doubt."""
    kept = []
    for subject in context.scope():
        if subject.targets:
            continue
        if subject.maybe is not None:
            subject.add_doubt(Doubt(f"it may have one: {subject.maybe.describe()}"))
        kept.append(subject)
    context.subjects = kept


TargetTest = Callable[[str], "bool | None"]


def _filter_targets(
    context: ScenarioContext,
    what: str,
    test_for: Callable[[Subject], TargetTest | None],
    pool_key: Callable[[Subject], object] = lambda subject: None,
) -> None:
    """Keep each subject's targets for which its test says True; None (cannot tell) moves a
    target to the subject's maybe pool. A test of None means the subject itself cannot be
    tested (it already carries a doubt). Pools are filtered once per (pool, pool_key)."""
    pools = PoolMemo()
    doubtful_what = f"resource whose {what} is known only after apply"
    for subject in context.scope():
        test = test_for(subject)
        if test is not None:
            sift_targets(subject, test, pools, pool_key(subject), doubtful_what)


def _target_reading(context: ScenarioContext, attribute: str) -> Callable[[str], list[Reading]]:
    graph = context.graph
    return lambda address: read_all(graph.resource(address), attribute)


@when('I keep the targets whose "{attribute}" is "{value}"', **_NARROWS_TARGETS)
def keep_targets_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep the targets whose attribute equals the text (without regard to case)."""
    _keep_targets_by_text(context, attribute, value, negate=False)


@when('I keep the targets whose "{attribute}" is not "{value}"', **_NARROWS_TARGETS)
def keep_targets_not_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep the targets whose attribute is missing or differs from the text."""
    _keep_targets_by_text(context, attribute, value, negate=True)


def _keep_targets_by_text(
    context: ScenarioContext, attribute: str, value: str, negate: bool
) -> None:
    """Keep the targets where some value at the attribute equals the text (without regard to
    case), or with `negate` where none does; an unknown value moves a target to the maybe pool."""
    readings_of = _target_reading(context, attribute)

    def keep(address: str) -> bool | None:
        readings = readings_of(address)
        if any(r.unknown for r in readings):
            return None
        return any(_same_text(r.value, value) for r in readings) != negate

    _filter_targets(context, attribute, lambda subject: keep)


@when(
    'I keep the targets that share their {key} with a "{types}" in their Region',
    **_NARROWS_TARGETS,
)
def keep_targets_sharing_key(context: ScenarioContext, key: str, types: TypeSelector) -> None:
    """Keep the targets whose key (e.g. rule set) is also the key of a resource of the types
    in the target's own Region (e.g. the active receipt rule set of that Region)."""
    graph = context.graph
    indexes = graph.indexes
    chosen = selected_types(context, types)
    buckets = indexes.key_buckets(key, chosen)

    def keep(address: str) -> bool | None:
        value = indexes.key(address, key)
        region = graph.region(address).region
        if value.token is None or region is None:
            return None
        partners = buckets.by_token.get(value.token, ())
        partner_regions = {graph.region(a).region for a in partners}
        if region in partner_regions:
            return True
        if None in partner_regions or any(
            graph.region(a).region in (region, None) for a in buckets.unknown
        ):
            return None
        return False

    _filter_targets(context, key, lambda subject: keep)
