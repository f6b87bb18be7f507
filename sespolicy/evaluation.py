"""The one evaluation path: loaded inputs -> world -> policies -> gate -> a Report.

`sespolicy eval`, `sespolicy plan`, `sespolicy baseline`, `sespolicy.evaluate()` and the pytest
plugin all go through here, so a rule means the same thing wherever it runs. What to print and
which exit code to give stay with the caller (reporters, and the gate's decision).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sespolicy.findings import Report
    from sespolicy.gate.decision import Gate
    from sespolicy.policy.binding import BoundRule
    from sespolicy.policy.catalog import Rule
    from sespolicy.policy.selection import Selection
    from sespolicy.world.load import LoadedDocument
    from sespolicy.world.pipeline import LoadedGraph
    from sespolicy.world.ses_regions import SesAvailability


@dataclass(frozen=True)
class EvaluationRequest:
    documents: Sequence[LoadedDocument]
    region: str | None = None  # --region: for providers that set none
    policies: Sequence[str] = ()  # extra policy folders
    replace_policies: bool = False  # only the extra folders
    # The catalog already loaded from those folders (the CLI checks it before reading plans).
    catalog: Sequence[Rule] | None = None
    selection: Selection | None = None  # --rule / --skip-rule / --tags
    ses_regions: str | None = None  # a file replacing the SES Region table
    availability: SesAvailability | None = None  # that table already read
    # The configuration folder each document came from (None: not known), for provider
    # regions the plan cannot evaluate; a .tf folder input is its own.
    source_dirs: Sequence[str | None] = ()
    gate: Gate | None = None  # waivers, baseline, enforcement levels
    strict: bool = False  # unknown verdicts count as failures (for the gate's notes)
    # One SES estate: every input in one graph (rules judge across them), not one by one.
    estate: bool = False


@dataclass(frozen=True)
class Prepared:
    """Everything a run needs before the first rule: the rules bound to the vocabulary, the
    Region table and one region-aware graph per input."""

    catalog: list[Rule]
    rules: list[BoundRule]
    availability: SesAvailability
    graphs: list[LoadedGraph] = field(default_factory=list)


def prepare(request: EvaluationRequest) -> Prepared:
    """Load and bind the policies (any mistake in them fails here, before any plan is read
    further), read the Region table and build the graphs."""
    from sespolicy.policy.binding import bind_rules
    from sespolicy.policy.catalog import load_catalog
    from sespolicy.policy.selection import Selection
    from sespolicy.world.pipeline import estate_graph, graph_documents
    from sespolicy.world.ses_regions import load_availability

    catalog = (
        list(request.catalog)
        if request.catalog is not None
        else load_catalog(list(request.policies), request.replace_policies)
    )
    selection = request.selection or Selection()
    rules = bind_rules(selection.choose(catalog))
    availability = request.availability or load_availability(request.ses_regions)
    if request.estate:
        graphs = [estate_graph(request.documents, request.region, request.source_dirs)]
    else:
        graphs = graph_documents(request.documents, request.region, request.source_dirs)
    return Prepared(catalog, rules, availability, graphs)


@dataclass(frozen=True)
class Evaluated:
    report: Report  # its notes hold every warning too
    # The loader's and the gate's warnings, for a command line to print on stderr.
    warnings: tuple[str, ...] = ()


def evaluate(request: EvaluationRequest) -> Evaluated:
    """Judge every input against the selected rules, then apply the gate (waivers, baseline,
    enforcement notes). Nothing is printed: warnings are returned apart and are in the
    report's notes."""
    from sespolicy.policy.engine import evaluate_bound

    loader_warnings = tuple(
        f"{document.source}: {warning}"
        for document in request.documents
        for warning in document.warnings
    )
    prepared = prepare(request)
    report = evaluate_bound(prepared.graphs, prepared.rules, prepared.availability)
    gate_warnings: tuple[str, ...] = ()
    if request.gate is not None:
        judged = request.gate.judge(report, prepared.catalog, request.strict)
        report, gate_warnings = judged.report, tuple(judged.warnings)
    if loader_warnings:
        report = replace(report, notes=(*loader_warnings, *report.notes))
    return Evaluated(report, loader_warnings + gate_warnings)
