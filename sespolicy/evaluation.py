"""The one evaluation path: loaded inputs -> world -> policies -> gate -> a Report.

`sespolicy eval`, `sespolicy plan`, `sespolicy baseline`, `sespolicy.evaluate()` and the pytest
plugin all go through here, so a rule means the same thing wherever it runs. What to print and
which exit code to give stay with the caller (reporters, and the gate's decision).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sespolicy.findings import Report
    from sespolicy.gate.decision import Gate
    from sespolicy.policy.binding import BoundRule
    from sespolicy.policy.catalog import Rule
    from sespolicy.policy.engine import Selection
    from sespolicy.world.load import LoadedDocument
    from sespolicy.world.pipeline import LoadedGraph
    from sespolicy.world.ses_regions import SesAvailability


@dataclass(frozen=True)
class EvaluationRequest:
    documents: Sequence[LoadedDocument]
    region: str | None = None  # --region: for providers that set none
    policies: Sequence[str] = ()  # extra policy folders
    replace_policies: bool = False  # only the extra folders
    selection: Selection | None = None  # --rule / --skip-rule / --tags
    ses_regions: str | None = None  # a file replacing the SES Region table
    # The configuration folder each document came from (None: not known), for provider
    # regions the plan cannot evaluate; a .tf folder input is its own.
    source_dirs: Sequence[str | None] = ()
    gate: Gate | None = None  # waivers, baseline, enforcement levels
    strict: bool = False  # unknown verdicts count as failures (for the gate's notes)


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
    from sespolicy.policy.engine import Selection
    from sespolicy.world.pipeline import graph_documents
    from sespolicy.world.ses_regions import load_availability

    catalog = load_catalog(list(request.policies), request.replace_policies)
    selection = request.selection or Selection()
    rules = bind_rules(rule for rule in catalog if selection.accepts(rule))
    availability = load_availability(request.ses_regions)
    graphs = graph_documents(request.documents, request.region, request.source_dirs)
    return Prepared(catalog, rules, availability, graphs)


def evaluate(request: EvaluationRequest, *, print_warnings: bool = False) -> Report:
    """Judge every input against the selected rules, then apply the gate (waivers, baseline,
    enforcement notes).

    print_warnings (the command line): loader and gate warnings go to stderr as they arise;
    otherwise (the Python API) nothing is printed and the loader's warnings join
    `Report.notes`, where the gate's always are.
    """
    from sespolicy.policy.engine import evaluate_bound

    warnings = [
        f"{document.source}: {warning}"
        for document in request.documents
        for warning in document.warnings
    ]
    if print_warnings:
        for line in warnings:
            print(f"sespolicy: warning: {line}", file=sys.stderr)
    prepared = prepare(request)
    report = evaluate_bound(prepared.graphs, prepared.rules, prepared.availability)
    if request.gate is not None:
        report = request.gate.apply(
            report, prepared.catalog, request.strict, warn=print_warnings
        )
    if warnings and not print_warnings:
        report = replace(report, notes=(*warnings, *report.notes))
    return report
