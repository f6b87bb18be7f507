"""Given: which resources a rule judges."""

from __future__ import annotations

from sespolicy.policy.steps.parameters import AttributePaths, TypeSelector
from sespolicy.policy.steps.registry import Capability, Role, given
from sespolicy.policy.steps.scope import ScenarioContext, Subject, Target

_SELECTS = {"role": Role.SELECT, "provides": (Capability.SCOPE,)}


def selected_types(context: ScenarioContext, types: TypeSelector) -> frozenset[str]:
    return context.graph.indexes.types_matching(types.text, types.names)


def _select(context: ScenarioContext, types: TypeSelector, mode: str) -> None:
    chosen = selected_types(context, types)
    context.subjects = [
        Subject(resource.address)
        for resource in context.graph.resources_of_type(*sorted(chosen))
        if resource.mode == mode
    ]


@given('resources of type "{types}"', **_SELECTS)
def select_resources(context: ScenarioContext, types: TypeSelector) -> None:
    """Select the managed resources whose type is one of the names or matches one of the globs
    (comma-separated, e.g. "aws_ses_receipt_rule, aws_sns_*")."""
    _select(context, types, "managed")


@given('data sources of type "{types}"', **_SELECTS)
def select_data_sources(context: ScenarioContext, types: TypeSelector) -> None:
    """Select the data sources whose type is one of the names or matches one of the globs."""
    _select(context, types, "data")


@given(
    'resources that read the "{attributes}" of "{types}"',
    role=Role.SELECT,
    provides=(Capability.SCOPE, Capability.TARGETS),
)
def select_readers(
    context: ScenarioContext, attributes: AttributePaths, types: TypeSelector
) -> None:
    """Select the resources that refer to that attribute of a resource of the types; what they
    read becomes their targets."""
    graph = context.graph
    readers: dict[str, Subject] = {}
    for target in graph.resources_of_type(*sorted(selected_types(context, types))):
        for edge in graph.edges_to(target.address):
            if attributes.match(edge.target_attribute):
                subject = readers.setdefault(edge.source, Subject(edge.source))
                subject.targets.append(Target(edge.target, edge.attribute))
    context.subjects = list(readers.values())
