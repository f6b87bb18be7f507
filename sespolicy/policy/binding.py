"""Policies bound to the step vocabulary, checked before anything runs.

Every step of every rule must match a definition of its kind, with parameters its types
accept, in an order where each step has what it needs (resources in scope, targets, the
Regions it points at, a verdict to describe). A rule must give a verdict, and nothing but
verdicts and their words may follow the first verdict. Each problem is one InputError naming
`file:line`, the step, and what would be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sespolicy.errors import InputError
from sespolicy.policy.catalog import PolicyStep, Rule
from sespolicy.policy.steps import REGISTRY, Capability, Role, StepDefinition
from sespolicy.policy.steps.parameters import ParameterError
from sespolicy.policy.steps.templates import SUBJECT_FIELDS, unknown_fields

# What to suggest when a step lacks what it needs.
_PROVIDERS_HINT = {
    Capability.SCOPE: 'start with a Given step (e.g. Given resources of type "…")',
    Capability.TARGETS: 'put a step that finds them before it (When I follow "…" to "…", or '
    'When I collect the "…" …)',
    Capability.POINTED: 'put When its "…" points at an "…" endpoint before it',
    Capability.VERDICT: "put it right after a Then step that gives a verdict",
}


@dataclass(frozen=True)
class BoundStep:
    step: PolicyStep
    definition: StepDefinition
    arguments: dict[str, Any]


@dataclass(frozen=True)
class BoundRule:
    rule: Rule
    steps: tuple[BoundStep, ...]


def bind_rules(rules: Iterable[Rule]) -> list[BoundRule]:
    return [bind_rule(rule) for rule in rules]


def bind_rule(rule: Rule) -> BoundRule:
    bound: list[BoundStep] = []
    available: set[Capability] = set()
    judged_at: BoundStep | None = None
    for step in rule.steps:
        where = f"{rule.file}:{step.line}"
        found = REGISTRY.find(step.kind, step.text)
        if found is None:
            raise InputError(f"{where}: {_no_match(step)}")
        definition, raw = found
        try:
            arguments = definition.convert(raw)
        except ParameterError as problem:
            raise InputError(f"{where}: {step.text!r}: {problem}") from None
        missing = [need for need in definition.needs if need not in available]
        if missing:
            need = missing[0]
            raise InputError(
                f"{where}: {step.text!r} needs {need.value}, which no step before it provides; "
                f"{_PROVIDERS_HINT[need]}"
            )
        if judged_at is not None and definition.role not in (Role.JUDGE, Role.DESCRIBE):
            raise InputError(
                f"{where}: {step.text!r} comes after the verdict of line "
                f"{judged_at.step.line}; only Then steps that judge (and their words) may "
                "follow a verdict"
            )
        if definition.role is Role.DESCRIBE:
            assert judged_at is not None  # VERDICT is needed, so a judge step came before
            _check_words(where, step, arguments, judged_at.definition)
        bound_step = BoundStep(step, definition, arguments)
        if definition.role is Role.JUDGE:
            judged_at = bound_step
        available |= definition.provides
        bound.append(bound_step)
    if judged_at is None:
        raise InputError(
            f"{rule.file}:{rule.line}: scenario {rule.info.title!r} gives no verdict; end it "
            "with a Then step that judges (sespolicy steps lists them)"
        )
    return BoundRule(rule, tuple(bound))


def _no_match(step: PolicyStep) -> str:
    """Why no definition matches: a step of another kind in the wrong place, or a typo."""
    for kind in ("given", "when", "then"):
        if kind != step.kind and REGISTRY.find(kind, step.text) is not None:
            return (
                f"{step.text!r} is a {kind.capitalize()} step, but it stands where a "
                f"{step.kind.capitalize()} step belongs (And/But continue the step before)"
            )
    close = REGISTRY.closest(step.kind, step.text)
    hint = f"; closest known steps: {' | '.join(close)}" if close else ""
    return f"no {step.kind} step matches {step.text!r}{hint}"


def _check_words(
    where: str, step: PolicyStep, arguments: dict[str, Any], judge: StepDefinition
) -> None:
    template = arguments.get("template", "")
    unknown = unknown_fields(template, judge.fields)
    if unknown:
        fields = ", ".join(sorted(judge.fields | SUBJECT_FIELDS))
        raise InputError(
            f"{where}: {step.text!r} uses {', '.join('{' + f + '}' for f in unknown)}, which "
            f"the verdict of {judge.template!r} does not fill; available: {fields} and the "
            "resource's keys (identity, dns_name, mail_from_domain, rule_set, configuration_set)"
        )
