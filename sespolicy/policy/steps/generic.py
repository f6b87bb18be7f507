"""Generic, region-aware steps: select, narrow, follow references, compare Regions."""

from __future__ import annotations

from fnmatch import fnmatchcase

from sespolicy.findings import Status
from sespolicy.policy.patterns import compile_pattern
from sespolicy.policy.steps.attributes import attribute_is_set, attribute_pattern, known_values
from sespolicy.policy.steps.context import ScenarioContext, Subject, Verdict
from sespolicy.policy.steps.registry import given, then, when
from sespolicy.policy.steps.remedy import place_in_region
from sespolicy.world.attribute_paths import get_path, is_marked

_GLOB_CHARACTERS = frozenset("*?[")


def _type_globs(types: str) -> list[str]:
    return [t.strip() for t in types.split(",") if t.strip()]


def matching_types(context: ScenarioContext, types: str) -> set[str]:
    """The plan's resource types matched by comma-separated names or globs.

    Globs are matched against the plan's distinct types, never per resource or per edge.
    """
    cache = context.graph.cache.setdefault("matching_types", {})
    assert isinstance(cache, dict)
    if types not in cache:
        globs = _type_globs(types)
        present = context.graph.resource_types()
        # Plain names need no glob machinery (each compiled glob costs a regex compile).
        exact = {g for g in globs if not _GLOB_CHARACTERS & set(g)}
        patterns = [g for g in globs if g not in exact]
        cache[types] = {
            t for t in present if t in exact or any(fnmatchcase(t, g) for g in patterns)
        }
    return cache[types]


def _select(context: ScenarioContext, types: str, modes: tuple[str, ...]) -> None:
    graph = context.graph
    chosen = matching_types(context, types)
    context.subjects = [
        Subject(resource.address)
        for resource in graph.resources_of_type(*chosen)
        if resource.mode in modes
    ]


@given('resources of type "{types}"')
def select_resources(context: ScenarioContext, types: str) -> None:
    """Select managed resources whose type matches any of the comma-separated names or globs."""
    _select(context, types, ("managed",))


@given('data sources of type "{types}"')
def select_data_sources(context: ScenarioContext, types: str) -> None:
    """Select data sources whose type matches any of the comma-separated names or globs."""
    _select(context, types, ("data",))


def _narrow(context: ScenarioContext, attribute: str, keep) -> None:
    """Keep subjects for which keep(value) is true; an unknown value keeps it, as unknown."""
    kept = []
    for subject in context.scope():
        resource = context.graph.resource(subject.address)
        if is_marked(resource.unknown, attribute):
            subject.unresolved = subject.unresolved or f"its {attribute} is unknown until apply"
            kept.append(subject)
            continue
        if keep(get_path(resource.values, attribute)):
            kept.append(subject)
    context.subjects = kept


@given('resources that read the "{attribute}" of "{types}"')
def select_readers(context: ScenarioContext, attribute: str, types: str) -> None:
    """Select resources that refer to that attribute of a resource of the types."""
    graph = context.graph
    readers: dict[str, Subject] = {}
    for target in graph.resources_of_type(*matching_types(context, types)):
        for edge in graph.edges_to(target.address):
            if edge.target_attribute == attribute:
                subject = readers.setdefault(edge.source, Subject(edge.source))
                subject.related.append((edge.attribute, edge.target))
    context.subjects = list(readers.values())


@when('its "{attribute}" is "{value}"')
def narrow_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep resources whose attribute equals the value (case-insensitive text comparison)."""
    _narrow(context, attribute, lambda v: v is not None and str(v).lower() == value.lower())


@when('its "{attribute}" is not "{value}"')
def narrow_not_equal(context: ScenarioContext, attribute: str, value: str) -> None:
    """Keep resources whose attribute is missing or differs from the value."""
    _narrow(context, attribute, lambda v: v is None or str(v).lower() != value.lower())


@when('its "{attribute}" matches "{pattern}"')
def narrow_matching(context: ScenarioContext, attribute: str, pattern: str) -> None:
    """Keep resources whose attribute matches the regular expression (anywhere in the text)."""
    regex = compile_pattern(pattern, f'the step \'its "{attribute}" matches\'')
    _narrow(context, attribute, lambda v: v is not None and bool(regex.search(str(v))))


@when('its "{attribute}" is set')
def narrow_set(context: ScenarioContext, attribute: str) -> None:
    """Keep resources that give the attribute (a path, `[*]` allowed) any value, known or not."""
    pattern = attribute_pattern(attribute)
    context.subjects = [
        s
        for s in context.scope()
        if attribute_is_set(context.graph, context.graph.resource(s.address), pattern)
    ]


@when('I follow "{attributes}" to "{types}"')
def follow(context: ScenarioContext, attributes: str, types: str) -> None:
    """Point each resource at what the attributes refer to (targets of the given types).

    Resources that do not set the attributes leave the scope; resources that set them to
    something the plan does not identify stay, and are judged unknown.
    """
    pattern = attribute_pattern(attributes)
    wanted = matching_types(context, types)
    graph = context.graph
    kept = []
    for subject in context.scope():
        resource = graph.resource(subject.address)
        related = [
            (edge.attribute, edge.target)
            for edge in graph.edges_from(subject.address)
            if graph.resource(edge.target).type in wanted and pattern.match(edge.attribute)
        ]
        if related:
            subject.related = related
            kept.append(subject)
        elif attribute_is_set(context.graph, resource, pattern):
            shown = ", ".join(
                f"{path} = {value}" for path, value in known_values(resource, pattern)
            )
            subject.unresolved = (
                f"{attributes} refers to {shown or 'a value unknown until apply'}, "
                "which the plan does not identify as a resource"
            )
            kept.append(subject)
    context.subjects = kept


@when('I find who reads its "{attribute}"')
def readers(context: ScenarioContext, attribute: str) -> None:
    """Point each resource at the resources that read the attribute; keep only those read."""
    kept = []
    for subject in context.scope():
        related = [
            (edge.attribute, edge.source)
            for edge in context.graph.edges_to(subject.address)
            if edge.target_attribute == attribute
        ]
        if related:
            subject.related = related
            kept.append(subject)
    context.subjects = kept


def _unresolved(context: ScenarioContext, subject: Subject) -> bool:
    if subject.unresolved:
        context.judge(subject, Verdict(Status.UNKNOWN, f"cannot tell: {subject.unresolved}"))
        return True
    return False


def judge_colocation(context: ScenarioContext, subject: Subject, require_all: bool) -> None:
    """Compare the subject's Region with its related resources' Regions."""
    graph = context.graph
    own = graph.region(subject.address)
    related = tuple(context.related(attr, target) for attr, target in subject.related)
    if own.region is None:
        context.judge(
            subject,
            Verdict(Status.UNKNOWN, f"its Region is unknown: {own.detail}", related=related),
        )
        return
    elsewhere, unknown, same = [], [], []
    for attr, target in subject.related:
        answer = graph.region(target)
        if answer.region is None:
            unknown.append(f"{target} ({answer.detail})")
        elif answer.region != own.region:
            elsewhere.append((attr, target, answer.region))
        else:
            same.append(target)
    if (require_all and elsewhere) or (not require_all and not same and elsewhere):
        _, target, _ = elsewhere[0]
        places = "; ".join(f"{t} ({a}) is in {r}" for a, t, r in elsewhere)
        context.judge(
            subject,
            Verdict(
                Status.FAIL,
                f"{subject.address} is in {own.region} but {places}",
                place_in_region(graph, target, own.region),
                related,
            ),
        )
    elif unknown and (require_all or not same):
        context.judge(
            subject,
            Verdict(Status.UNKNOWN, "Region unknown for " + "; ".join(unknown), related=related),
        )
    else:
        context.judge(
            subject, Verdict(Status.PASS, f"in the same Region ({own.region})", related=related)
        )


@then("every target is in its Region")
def every_target_colocated(context: ScenarioContext) -> None:
    """Every resource followed to is in the same Region as the resource that refers to it."""
    for subject in context.scope():
        if not _unresolved(context, subject):
            judge_colocation(context, subject, require_all=True)


@then("some target is in its Region")
def some_target_colocated(context: ScenarioContext) -> None:
    """At least one resource followed to is in the resource's Region (names resolve per Region)."""
    for subject in context.scope():
        if not _unresolved(context, subject):
            judge_colocation(context, subject, require_all=False)


@then('nothing reads its "{attribute}"')
def nothing_reads(context: ScenarioContext, attribute: str) -> None:
    """No resource in the plan refers to the attribute of the resource."""
    for subject in context.scope():
        readers = [
            e for e in context.graph.edges_to(subject.address) if e.target_attribute == attribute
        ]
        related = tuple(context.related(e.attribute, e.source) for e in readers)
        if readers:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{attribute} of {subject.address} is used by "
                    + ", ".join(e.source for e in readers),
                    f"stop using {attribute}; derive a per-Region credential instead",
                    related,
                ),
            )
        else:
            context.judge(subject, Verdict(Status.PASS, f"nothing uses {attribute}"))
