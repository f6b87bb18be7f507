"""Runs the rule catalog over region-aware graphs and produces a Report.

"Given" selects, "When" narrows, "Then" judges every resource still in scope: pass, fail, or
unknown with the reason. A scenario whose selection ends empty is "not applicable".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sespolicy.display import escape_text
from sespolicy.errors import InputError
from sespolicy.findings import Finding, PlanInfo, RelatedResource, Report, Status
from sespolicy.gc_pause import bulk_allocation
from sespolicy.policy.binding import BoundRule, bind_rules
from sespolicy.policy.catalog import Rule
from sespolicy.policy.selection import Selection
from sespolicy.policy.steps import Outcome, Role, ScenarioContext, StepDefinition
from sespolicy.policy.steps.parameters import KEY_BY_FIELD
from sespolicy.policy.steps.templates import render
from sespolicy.world.addresses import strip_instance_keys
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.pipeline import LoadedGraph
from sespolicy.world.ses_regions import SesAvailability


def check_steps(rules: Iterable[Rule]) -> None:
    """Every rule binds to the vocabulary (steps known, parameters valid, order sound)."""
    bind_rules(rules)


def run_step(context: ScenarioContext, definition: StepDefinition, arguments: dict) -> bool:
    """Run one step of a scenario; False when nothing is left in scope (not applicable).

    The engine and the pytest plugin both run every step through here.
    """
    context.step_index = len(context.definitions)
    context.definitions.append(definition)
    definition.function(context, **arguments)
    if definition.role is Role.JUDGE:
        context.last_judge = context.step_index
    elif definition.role is not Role.DESCRIBE and context.subjects == []:
        return False
    return True


@dataclass(frozen=True)
class Verdict:
    """One resource's verdict with its words, as the engine and the pytest plugin report it."""

    address: str
    status: Status
    message: str
    remediation: str
    related: tuple[RelatedResource, ...]


def _judged_subjects(context: ScenarioContext, where: str) -> list[tuple[str, Outcome]]:
    """Every resource in scope with its verdict; a resource the steps left without one is a
    broken step definition, reported with the rule's `file:line`."""
    subjects = context.subjects or []
    verdicts = context.verdicts
    judged = [(s.address, verdicts.get(s.address)) for s in subjects]
    silent = [address for address, outcome in judged if outcome is None]
    if silent:
        more = f" and {len(silent) - 1} more" if len(silent) > 1 else ""
        raise InputError(
            f"{where}: the steps leave {silent[0]}{more} without a verdict; every resource in "
            "scope must be judged (a step definition is broken)"
        )
    return judged  # type: ignore[return-value]


def verdicts_of(context: ScenarioContext, where: str) -> list[Verdict]:
    """Every resource in scope with its rendered verdict (what the pytest plugin reports)."""
    verdicts = []
    for address, outcome in _judged_subjects(context, where):
        message, remediation = _words(context, address, outcome)
        verdicts.append(Verdict(address, outcome.status, message, remediation, outcome.related))
    return verdicts


def run_rule(
    bound: BoundRule, graph: ResourceGraph, availability: SesAvailability, input_name: str = ""
) -> list[Finding]:
    """One rule over one graph: a finding per resource in scope, none when nothing is."""
    context = ScenarioContext(graph, availability, input_name=input_name)
    for step in bound.steps:
        if not run_step(context, step.definition, step.arguments):
            return []  # nothing in scope: not applicable
    info = bound.rule.info
    unresolved = graph.unresolved
    findings = []
    for address, outcome in _judged_subjects(context, info.policy):
        answer = graph.region(address)
        message, remediation = _words(context, address, outcome)
        finding = Finding(
            rule_id=info.rule_id,
            family=info.family,
            severity=info.severity,
            status=outcome.status,
            # In an estate the node is `NAME::address`: the finding names both, apart.
            address=graph.plain_address(address),
            region=answer.region,
            region_source=answer.source,
            message=message,
            remediation=remediation,
            policy=info.policy,
            related=outcome.related,
            resource_type=graph.resource(address).type,
            input=graph.input_of(address) or input_name,
        )
        if unresolved:
            nodes = [address, *(graph.node(r.input, r.address) for r in outcome.related)]
            finding = _unless_unresolved(finding, nodes, unresolved)
        findings.append(finding)
    return findings


def _words(context: ScenarioContext, address: str, outcome: Outcome) -> tuple[str, str]:
    """The verdict's message and remediation: the rule's own words, else the step's."""
    if outcome.status is Status.UNKNOWN:
        doubt = outcome.doubt
        reason = doubt.reason if doubt else "cannot tell"
        return f"cannot tell: {escape_text(reason)}", escape_text(doubt.hint if doubt else "")
    generic = context.definitions[outcome.step].messages
    rule_words = context.words.get(outcome.step, {})
    graph = context.graph

    def field(name: str) -> str | None:
        if name in outcome.fields:
            return outcome.fields[name]
        if name == "address":
            return address
        if name == "type":
            return graph.resource(address).type
        if name == "region":
            return graph.region(address).region or "an unknown Region"
        if name == "region_source":
            return graph.region(address).source
        key = KEY_BY_FIELD.get(name)
        if key is not None:
            return graph.indexes.key(address, key).shown
        return None

    if outcome.status is Status.PASS:
        return render(generic.passed if generic else "passes", field), ""
    failed = rule_words.get("failed") or (generic.failed if generic else "fails")
    fix = rule_words.get("fix") or (generic.fix if generic else "")
    return render(failed, field), render(fix, field)


def _unless_unresolved(finding: Finding, nodes: list[str], unresolved: dict[str, str]) -> Finding:
    """A pass that rests on something the .tf reader could not resolve is only unknown."""
    if finding.status is not Status.PASS:
        return finding
    for candidate in nodes:
        reason = unresolved.get(candidate) or unresolved.get(strip_instance_keys(candidate))
        if reason:
            return replace(
                finding,
                status=Status.UNKNOWN,
                message=f"cannot tell: {candidate}: {escape_text(reason)}",
                remediation="plan it with Terraform (sespolicy plan DIR) to settle it",
            )
    return finding


def evaluate_graphs(
    loaded_graphs: Sequence[LoadedGraph],
    rules: Sequence[Rule],
    availability: SesAvailability,
    selection: Selection = Selection(),
) -> Report:
    """Bind the selected rules (refusing any that does not bind) and judge every graph."""
    chosen = bind_rules(selection.choose(rules))
    return evaluate_bound(loaded_graphs, chosen, availability)


def evaluate_bound(
    loaded_graphs: Sequence[LoadedGraph],
    chosen: Sequence[BoundRule],
    availability: SesAvailability,
) -> Report:
    findings: list[Finding] = []
    # Judging creates many short records and no cycles: collections during it only rescan.
    with bulk_allocation(freeze=False):
        for loaded in loaded_graphs:
            input_name = loaded.document.input_name
            for bound in chosen:
                findings.extend(run_rule(bound, loaded.graph, availability, input_name))
    findings.sort(key=lambda f: (f.rule_id, f.input, f.address))
    unique_rules = {bound.rule.info.rule_id: bound.rule.info for bound in chosen}
    plans = tuple(
        PlanInfo(
            source=item.source,
            kind=item.kind,
            format_version=item.format_version,
            terraform_version=item.terraform_version,
            timestamp=item.data.get("timestamp"),
            sha256=item.sha256,
            label=item.label,
        )
        for loaded in loaded_graphs
        for item in loaded.documents
    )
    notes = tuple(
        f"{item.document.source}: not resolved without Terraform: {address}: {reason}"
        for item in loaded_graphs
        for address, reason in sorted(item.graph.unresolved.items())
    )
    return Report(tuple(findings), tuple(unique_rules.values()), plans, notes)
