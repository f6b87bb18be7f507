"""When: what each resource in scope points at, or belongs with (its targets).

`I follow` goes along the resource's own references; `I collect` finds resources by a key they
share (an identity, a DNS name, a rule set …), by what they read, or by Region; `points at`
reads the Regions named by endpoint hosts in a value. Each replaces the targets of the step
before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sespolicy.policy.steps.parameters import AttributePaths, TypeSelector, field_name
from sespolicy.policy.steps.reading import is_set, known_values, read, strings_of
from sespolicy.policy.steps.registry import Capability, Role, when
from sespolicy.policy.steps.scope import (
    Doubt,
    MaybePool,
    PointedRegion,
    PoolMemo,
    ScenarioContext,
    Subject,
    Target,
    sift_targets,
)
from sespolicy.policy.steps.select import selected_types
from sespolicy.world.accounts import compatible
from sespolicy.world.keys import domain_of

_RELATES = {"role": Role.RELATE, "needs": (Capability.SCOPE,), "provides": (Capability.TARGETS,)}


@when('I follow "{attributes}" to "{types}"', **_RELATES)
def follow(context: ScenarioContext, attributes: AttributePaths, types: TypeSelector) -> None:
    """Each resource's targets are what the attributes refer to, among resources of the types.

    Resources that do not set the attributes leave the scope; one that sets them to something
    the plan does not identify as a resource stays, and its verdict is unknown.
    """
    wanted = selected_types(context, types)
    graph = context.graph
    kept = []
    for subject in context.scope():
        resource = graph.resource(subject.address)
        targets = [
            Target(edge.target, edge.attribute)
            for edge in graph.edges_from(subject.address)
            if attributes.match(edge.attribute) and graph.resource(edge.target).type in wanted
        ]
        subject.targets, subject.maybe, subject.relation = targets, None, f"{types}"
        if targets:
            kept.append(subject)
        elif is_set(graph, resource, attributes):
            shown = ", ".join(
                f"{path} = {value}" for path, value in known_values(resource, attributes)
            )
            subject.add_doubt(
                Doubt(
                    f"{attributes} refers to {shown or 'a value known only after apply'}, which "
                    "the plan does not identify as a resource"
                )
            )
            kept.append(subject)
    context.subjects = kept


@when('I find who reads its "{attributes}"', **_RELATES)
def readers(context: ScenarioContext, attributes: AttributePaths) -> None:
    """Each resource's targets are the resources that refer to the attribute; resources
    nobody reads leave the scope."""
    kept = []
    for subject in context.scope():
        targets = [
            Target(edge.source, edge.attribute)
            for edge in context.graph.edges_to(subject.address)
            if attributes.match(edge.target_attribute)
        ]
        subject.targets, subject.maybe, subject.relation = targets, None, f"reader of {attributes}"
        if targets:
            kept.append(subject)
    context.subjects = kept


# -- collect -------------------------------------------------------------------------------

_KEY = r"[A-Za-z][A-Za-z ]*?"
_COLLECT = (
    r'I collect the (?P<other>other )?"(?P<types>[^"]*)"'
    r"(?: with the same (?P<same_key>" + _KEY + r")"
    r"| whose (?P<their_key>" + _KEY + r") (?P<relation>is|contains) its (?P<my_key>" + _KEY + r")"
    r'| that read its "(?P<attributes>[^"]*)"'
    r'| whose "(?P<recipients>[^"]*)" accepts? mail for its (?P<mail_key>' + _KEY + r"))?"
    r"(?: (?P<place>in its Region|in another Region|in the Regions it points at))?"
)


@dataclass(frozen=True)
class _Join:
    """How `I collect` matches candidates to a subject by key."""

    their_key: str
    my_key: str
    contains: bool  # DNS containment: the candidate's key is the subject's domain or a parent

    def describe(self) -> str:
        if self.their_key == self.my_key and not self.contains:
            return f"with the same {self.my_key}"
        verb = "contains" if self.contains else "is"
        return f"whose {self.their_key} {verb} its {self.my_key}"


@when(
    'I collect the [other] "{types}" [with the same {key} / whose {key} is its {key} / whose '
    '{key} contains its {key} / that read its "{attributes}" / whose "{attribute}" accepts mail '
    "for its {key}] [in its Region / in another Region / in the Regions it points at]",
    regex=_COLLECT,
    **_RELATES,
)
def collect(
    context: ScenarioContext,
    types: TypeSelector,
    other: str | None = None,
    same_key: str | None = None,
    their_key: str | None = None,
    relation: str | None = None,
    my_key: str | None = None,
    attributes: AttributePaths | None = None,
    recipients: str | None = None,
    mail_key: str | None = None,
    place: str | None = None,
) -> None:
    """Each resource's targets are the resources (and data sources) of the types that share its
    key, read its attribute, accept mail for its key (SES receipt rule `recipients`: none means
    all, `example.com` or `user@example.com` that domain, `.example.com` its subdomains), or
    are simply there; optionally only those in its Region, in another Region, or in the Regions
    it points at; `other` leaves the resource itself out.

    Candidates whose key or Region is known only after apply may be targets: they are kept
    apart, and verdicts that depend on them are unknown. Unlike `I follow`, nothing leaves
    the scope here; `When it has a target` narrows.
    """
    chosen = selected_types(context, types)
    join = None
    if same_key is not None:
        join = _Join(same_key, same_key, False)
    elif their_key is not None and my_key is not None:
        join = _Join(their_key, my_key, relation == "contains")
    label = f"{'other ' if other else ''}{types}"
    if join is not None:
        label += f" {join.describe()}"
    elif attributes is not None:
        label += f' that read its "{attributes}"'
    elif recipients is not None:
        label += f' whose "{recipients}" accepts mail for its {mail_key}'
    accepting = (recipients, mail_key) if recipients is not None and mail_key else None
    finder = _Finder(context, chosen, join, attributes, accepting)
    graph = context.graph
    pools = PoolMemo()
    for subject in context.scope():
        found, maybe = finder.candidates(subject)
        # Names mean the same only within one account (several accounts meet in an estate).
        mine = graph.account_of(subject.address)
        if mine is not None:
            found = [t for t in found if compatible(mine, graph.account_of(t.address))]
        if other:
            found = [t for t in found if t.address != subject.address]
            if maybe is not None and subject.address in maybe.addresses:
                rest = tuple(a for a in maybe.addresses if a != subject.address)
                maybe = MaybePool(rest, maybe.what) if rest else None
        subject.relation = label
        subject.targets, subject.maybe = found, maybe
        if place is not None:
            _restrict_to_place(context, subject, place, pools)


class _Finder:
    def __init__(
        self,
        context: ScenarioContext,
        chosen: frozenset[str],
        join: _Join | None,
        attributes: AttributePaths | None,
        accepting: tuple[str, str] | None = None,
    ) -> None:
        self.context = context
        self.graph = context.graph
        self.chosen = chosen
        self.join = join
        self.attributes = attributes
        self.accepting = accepting
        self._everything: tuple[str, ...] | None = None
        self._pools: dict[str, MaybePool | None] = {}
        # The same for every subject of the step: the candidates' types as pools describe
        # them and, for a key join, the candidates by key, the field a target is found through
        # and the pool of those whose key is unknown.
        self._types = ", ".join(sorted(chosen))
        if join is not None:
            self._buckets = self.graph.indexes.key_buckets(join.their_key, chosen)
            self._via = field_name(join.their_key)
            self._unknown_pool = self.pool(
                "unknown",
                self._buckets.unknown,
                f"{self._types} whose {join.their_key} is known only after apply",
            )

    def everything(self) -> tuple[str, ...]:
        if self._everything is None:
            self._everything = tuple(r.address for r in self.graph.indexes.candidates(self.chosen))
        return self._everything

    def pool(self, name: str, addresses: tuple[str, ...], what: str) -> MaybePool | None:
        """One shared pool object per kind, so later filters work on it once."""
        if name not in self._pools:
            self._pools[name] = MaybePool(addresses, what) if addresses else None
        return self._pools[name]

    def candidates(self, subject: Subject) -> tuple[list[Target], MaybePool | None]:
        if self.join is not None:
            return self._by_key(subject, self.join)
        if self.attributes is not None:
            return self._by_reading(subject, self.attributes)
        if self.accepting is not None:
            return self._by_recipients(subject, *self.accepting)
        return [Target(a, None) for a in self.everything()], None

    def _by_recipients(
        self, subject: Subject, attribute: str, key: str
    ) -> tuple[list[Target], MaybePool | None]:
        own = self.graph.indexes.key(subject.address, key)
        if not own.known or own.token is None:
            subject.add_doubt(Doubt(f"its {key} is not known: {own.doubt}"))
            return [], None
        index = self.graph.indexes.recipients(self.chosen, attribute)
        found = [Target(a, attribute) for a in index.accepting(domain_of(own.token))]
        pool = self.pool(
            "recipients",
            tuple(index.unknown),
            f"{self._types} whose {attribute} is known only after apply",
        )
        return found, pool

    def _by_key(self, subject: Subject, join: _Join) -> tuple[list[Target], MaybePool | None]:
        own = self.graph.indexes.key(subject.address, join.my_key)
        if own.token is None:
            subject.add_doubt(Doubt(f"its {join.my_key} is not known: {own.doubt}"))
            return [], None
        buckets, via = self._buckets, self._via
        if own.open:
            # Known only after apply, and not a copy of another attribute: a candidate tracing
            # to the same value surely matches; any other may turn out to.
            found = [Target(a, via) for a in buckets.by_token.get(own.token, ())]
            others = self.pool(
                "all",
                self.everything(),
                f"{self._types} that may share its {join.my_key} ({own.shown})",
            )
            return found, others
        if join.contains:
            addresses = list(buckets.parents_of(domain_of(own.token)))
        else:
            addresses = list(buckets.by_token.get(own.token, ()))
        return [Target(a, via) for a in addresses], self._unknown_pool

    def _by_reading(
        self, subject: Subject, attributes: AttributePaths
    ) -> tuple[list[Target], MaybePool | None]:
        graph = self.graph
        found: dict[str, Target] = {}
        for edge in graph.edges_to(subject.address):
            source = graph.resource(edge.source)
            if source.type not in self.chosen:
                continue
            # A bare reference (`aws_ses_domain_dkim.d`, as pre-1.0 plans list them) reads
            # every attribute.
            if edge.target_attribute == "" or attributes.match(edge.target_attribute):
                found.setdefault(edge.source, Target(edge.source, edge.attribute))
        resource = graph.resource(subject.address)
        for path in attributes.paths:
            reading = read(resource, path)
            texts = [] if reading.unknown else strings_of(reading)
            if not texts:
                continue
            # Built on first need: a value known at plan time is what literal matching needs.
            literals = graph.indexes.literals(self.chosen)
            for text in texts:
                for address in (*literals.whole.get(text, ()), *literals.words.get(text, ())):
                    if address != subject.address:
                        found.setdefault(address, Target(address, "(its value)"))
        # A candidate's value known only after apply either comes from a reference (then an
        # edge says so, and it is found above) or is computed by the provider (and cannot be
        # the value it reads): no candidate is left in doubt.
        return list(found.values()), None


def _restrict_to_place(
    context: ScenarioContext, subject: Subject, place: str, pools: PoolMemo
) -> None:
    graph = context.graph
    if not subject.targets and subject.maybe is None:
        return  # nothing found anywhere: no Region to compare
    answer = graph.region(subject.address)
    if place == "in the Regions it points at":
        regions = {pointed.region for pointed in subject.pointed}
        where = f"in {', '.join(sorted(regions))}"
    else:
        if answer.region is None:
            subject.add_doubt(Doubt(f"its Region is unknown: {answer.detail}", answer.hint))
            subject.targets, subject.maybe = [], None
            return
        regions = {answer.region}
        where = f"in {answer.region}" if place == "in its Region" else f"outside {answer.region}"
    inside = place != "in another Region"

    def fits(region: str | None) -> bool:
        return (region in regions) == inside

    def test(address: str) -> bool | None:
        region = graph.region(address).region
        return None if region is None else fits(region)

    pool_key = (place, frozenset(regions))
    sift_targets(subject, test, pools, pool_key, "resource whose Region is unknown")
    subject.relation = f"{subject.relation} {where}"


# -- endpoints -----------------------------------------------------------------------------


def endpoint_host(value: str) -> str:
    """The host of an MX-style value (`10 inbound-smtp.us-east-1.amazonaws.com.`)."""
    parts = value.split()
    return parts[-1].rstrip(".").lower() if parts else ""


@when(
    'its "{attribute}" points at an "{endpoint}" endpoint',
    role=Role.NARROW,
    needs=(Capability.SCOPE,),
    provides=(Capability.POINTED,),
)
def points_at_endpoint(context: ScenarioContext, attribute: str, endpoint: str) -> None:
    """Keep the resources whose attribute holds a host of that kind of SES endpoint
    (`inbound SMTP`: inbound-smtp.<region>.amazonaws.com, `feedback`:
    feedback-smtp.<region>.amazonses.com); the Regions those hosts name are what it points at.
    A value known only after apply keeps the resource, with a doubt."""
    availability = context.availability
    kept = []
    for subject in context.scope():
        reading = read(context.graph.resource(subject.address), attribute)
        if reading.unknown:
            subject.add_doubt(Doubt(f"its {attribute} is known only after apply"))
            kept.append(subject)
            continue
        pointed = []
        for value in strings_of(reading):
            host = endpoint_host(value)
            region = availability.region_of_host(endpoint, host)
            if region:
                pointed.append(PointedRegion(region, host))
        if pointed:
            subject.pointed = tuple(pointed)
            kept.append(subject)
    context.subjects = kept
