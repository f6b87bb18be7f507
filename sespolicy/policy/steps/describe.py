"""Then (after a verdict): the rule's own words for it.

    Then it has a target
    And a failure reads "no active receipt rule set in {region}: SES rejects all mail there"
    And the fix reads "activate a rule set in {region} that holds {address}"

The text runs to the last quote of the line, so it may hold quotes itself. The words belong
to the judge step just before them; `{field}` placeholders are the fields
that step fills (listed by `sespolicy steps`) plus the resource's own (`address`, `type`,
`region`, `region_source`, and its keys: `identity`, `dns_name`, `rule_set` …). They are
checked when policies load.
"""

from __future__ import annotations

from sespolicy.policy.steps.registry import Capability, Role, then
from sespolicy.policy.steps.scope import ScenarioContext

_DESCRIBES = {"role": Role.DESCRIBE, "needs": (Capability.VERDICT,)}


def _remember(context: ScenarioContext, kind: str, template: str) -> None:
    if context.last_judge is None:  # the catalog refuses this order; a guard for direct use
        raise LookupError("a message step must follow a Then step that gives a verdict")
    context.words.setdefault(context.last_judge, {})[kind] = template


@then('a failure reads "{template}"', regex=r'a failure reads "(?P<template>.*)"', **_DESCRIBES)
def failure_reads(context: ScenarioContext, template: str) -> None:
    """The message of a failing verdict of the step before, with {field} placeholders."""
    _remember(context, "failed", template)


@then('the fix reads "{template}"', regex=r'the fix reads "(?P<template>.*)"', **_DESCRIBES)
def fix_reads(context: ScenarioContext, template: str) -> None:
    """What to do about a failing verdict of the step before, with {field} placeholders."""
    _remember(context, "fix", template)
