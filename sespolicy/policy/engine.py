"""Runs the rule catalog over region-aware graphs and produces a Report.

"Given" selects, "When" narrows, "Then" judges every resource still in scope: pass, fail, or
unknown with the reason. A scenario whose selection ends empty is "not applicable".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from sespolicy.errors import InputError
from sespolicy.findings import Finding, PlanInfo, Report, Status
from sespolicy.gc_pause import bulk_allocation
from sespolicy.policy.catalog import Rule
from sespolicy.policy.selection import Selection
from sespolicy.policy.steps import REGISTRY, ScenarioContext, Verdict
from sespolicy.world.addresses import strip_instance_keys
from sespolicy.world.pipeline import LoadedGraph
from sespolicy.world.ses_regions import SesAvailability


def check_steps(rules: Iterable[Rule]) -> None:
    """Every step text must match a definition: an unknown step is an error before any run."""
    for rule in rules:
        for step in rule.steps:
            if REGISTRY.find(step.kind, step.text) is None:
                close = REGISTRY.closest(step.kind, step.text)
                hint = f"; closest known steps: {' | '.join(close)}" if close else ""
                raise InputError(
                    f"{rule.file}:{step.line}: no {step.kind} step matches {step.text!r}{hint}"
                )


def run_rule(rule: Rule, loaded: LoadedGraph, availability: SesAvailability) -> list[Finding]:
    context = ScenarioContext(loaded.graph, availability)
    for step in rule.steps:
        match = REGISTRY.find(step.kind, step.text)
        if match is None:  # check_steps ran first; this is only a guard
            raise InputError(f"{rule.file}:{step.line}: no step matches {step.text!r}")
        definition, parameters = match
        definition.function(context, **parameters)
        if step.kind != "then" and context.subjects == []:
            return []  # nothing in scope: not applicable
    findings = []
    graph = loaded.graph
    input_name = loaded.document.input_name
    for subject in context.subjects or []:
        verdict = context.verdicts.get(subject.address)
        if verdict is None:
            continue
        verdict = _unless_unresolved(verdict, subject.address, graph.world.unresolved)
        answer = graph.region(subject.address)
        findings.append(
            Finding(
                rule_id=rule.info.rule_id,
                family=rule.info.family,
                severity=rule.info.severity,
                status=verdict.status,
                address=subject.address,
                region=answer.region,
                region_source=answer.source,
                message=verdict.message,
                remediation=verdict.remediation,
                policy=rule.info.policy,
                related=tuple(
                    related if related.input else replace(related, input=input_name)
                    for related in verdict.related
                ),
                resource_type=graph.resource(subject.address).type,
                input=input_name,
            )
        )
    return findings


def _unless_unresolved(verdict: Verdict, address: str, unresolved: dict[str, str]) -> Verdict:
    """A pass that rests on something the .tf reader could not resolve is only unknown."""
    if verdict.status is not Status.PASS or not unresolved:
        return verdict
    involved = [address, *(related.address for related in verdict.related)]
    for candidate in involved:
        reason = unresolved.get(candidate) or unresolved.get(strip_instance_keys(candidate))
        if reason:
            return replace(
                verdict, status=Status.UNKNOWN, message=f"cannot tell: {candidate}: {reason}"
            )
    return verdict


def evaluate_graphs(
    loaded_graphs: Sequence[LoadedGraph],
    rules: Sequence[Rule],
    availability: SesAvailability,
    selection: Selection = Selection(),
) -> Report:
    chosen = selection.choose(rules)
    check_steps(chosen)
    findings: list[Finding] = []
    # Judging creates many short records and no cycles: collections during it only rescan.
    with bulk_allocation(freeze=False):
        for loaded in loaded_graphs:
            for rule in chosen:
                findings.extend(run_rule(rule, loaded, availability))
    findings.sort(key=lambda f: (f.rule_id, f.address))
    unique_rules = {rule.info.rule_id: rule.info for rule in chosen}
    plans = tuple(
        PlanInfo(
            source=item.document.source,
            kind=item.document.kind,
            format_version=item.document.format_version,
            terraform_version=item.document.terraform_version,
            timestamp=item.document.data.get("timestamp"),
            sha256=item.document.sha256,
        )
        for item in loaded_graphs
    )
    notes = tuple(
        f"{item.document.source}: not resolved without Terraform: {address}: {reason}"
        for item in loaded_graphs
        for address, reason in sorted(item.graph.world.unresolved.items())
    )
    return Report(tuple(findings), tuple(unique_rules.values()), plans, notes)

