"""Then: a verdict for every resource in scope — pass, fail, or unknown with the reason.

Each step says what it checks and fills named fields that its generic words (and a rule's own
words, `And a failure reads "…"`) use. A resource carrying a doubt is unknown, whatever the
step would have said. Fields hold text already safe to print: values the plan marks
sensitive are shown as `(sensitive)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sespolicy.display import shown
from sespolicy.findings import RelatedResource, Status
from sespolicy.policy.steps.parameters import AttributePaths
from sespolicy.policy.steps.reading import read, strings_of
from sespolicy.policy.steps.registry import Capability, Messages, Role, then
from sespolicy.policy.steps.relate import endpoint_host
from sespolicy.policy.steps.scope import (
    Doubt,
    MaybePool,
    PoolMemo,
    ScenarioContext,
    Subject,
    Target,
)
from sespolicy.world.attribute_paths import strings_in
from sespolicy.world.aws_types import parse_arn
from sespolicy.world.ses_regions import Offered

_ON_SCOPE = {"role": Role.JUDGE, "needs": (Capability.SCOPE,), "provides": (Capability.VERDICT,)}
_ON_TARGETS = {
    "role": Role.JUDGE,
    "needs": (Capability.SCOPE, Capability.TARGETS),
    "provides": (Capability.VERDICT,),
}
_ON_POINTED = {
    "role": Role.JUDGE,
    "needs": (Capability.SCOPE, Capability.POINTED),
    "provides": (Capability.VERDICT,),
}


# -- shared --------------------------------------------------------------------------------


def _unknown(context: ScenarioContext, subject: Subject, doubt: Doubt, related=()) -> None:
    context.judge(subject, Status.UNKNOWN, {"reason": doubt.reason}, tuple(related), doubt)


def _judgeable(context: ScenarioContext) -> Iterator[Subject]:
    """The subjects in scope a judge step decides; one whose scope or targets are in doubt is
    judged unknown on the way instead."""
    for subject in context.scope():
        if subject.doubt is None:
            yield subject
        else:
            _unknown(context, subject, subject.doubt, _related_targets(context, subject.targets))


def _own_region(context: ScenarioContext, subject: Subject) -> str | None:
    answer = context.graph.region(subject.address)
    if answer.region is None:
        _unknown(context, subject, Doubt(f"its Region is unknown: {answer.detail}", answer.hint))
    return answer.region


def _related_targets(
    context: ScenarioContext, targets: list[Target]
) -> tuple[RelatedResource, ...]:
    return tuple(context.related(t.via, t.address) for t in targets)


def _pool_regions(
    context: ScenarioContext, pool: MaybePool | None, pools: PoolMemo
) -> frozenset[str | None]:
    """The Regions of a maybe pool's candidates (None for an unknown one), once per pool."""
    if pool is None:
        return frozenset()
    return pools.get(
        pool, "regions", lambda: frozenset(_region_of(context, a) for a in pool.addresses)
    )


def _listing(addresses: list[str]) -> str:
    return ", ".join(addresses) if addresses else "none"


def _region_of(context: ScenarioContext, address: str) -> str | None:
    return context.graph.region(address).region


def placement(context: ScenarioContext, address: str, region: str) -> str:
    """How to put `address` in `region`, naming a provider configuration that already is, and
    offering the v6 `region` argument only where the provider in use has it."""
    keys = context.graph.indexes.providers_in_region(region)
    alias = next((k for k in keys if "." in k.split(":")[-1]), keys[0] if keys else None)
    provider = (
        f"provider = {alias.split(':')[-1]}"
        if alias
        else f'a provider configuration with region = "{region}"'
    )
    major = context.graph.indexes.aws_provider_major()
    if major is not None and major < 6:
        return f"bind it to {provider}"
    qualifier = "" if major == 6 else " (AWS provider 6 or later)"
    return f'bind it to {provider}, or set region = "{region}" on it{qualifier}'


# -- co-location ---------------------------------------------------------------------------

_COLOCATION_FIELDS = (
    "targets",
    "elsewhere",
    "target",
    "target_region",
    "attribute",
    "target_regions",
    "relation",
    "placement",
)


def _colocation(
    context: ScenarioContext, subject: Subject, every: bool, pools: PoolMemo
) -> None:
    """every: all targets in the resource's Region; else: at least one."""
    region = _own_region(context, subject)
    if region is None:
        return
    targets = subject.targets
    related = _related_targets(context, targets)
    regions = [r.region for r in related]
    elsewhere = [(t, r) for t, r in zip(targets, regions, strict=True) if r not in (region, None)]
    unplaced = [t.address for t, r in zip(targets, regions, strict=True) if r is None]
    here = region in regions
    maybe = subject.maybe
    maybe_regions = _pool_regions(context, maybe, pools)
    # Fields are made for the verdict at hand only: most verdicts pass, and need few.
    passed = {"targets": _listing([t.address for t in targets]), "relation": subject.relation}

    def failed() -> None:
        first, first_region = elsewhere[0]
        fields = {
            **passed,
            "elsewhere": "; ".join(
                f"{t.address}{f' ({t.via})' if t.via else ''} is in {r}" for t, r in elsewhere
            ),
            "target_regions": ", ".join(sorted({r for r in regions if r})) or "no known Region",
            "target": first.address,
            "target_region": first_region,
            "attribute": first.via or "",
            "placement": (
                placement(context, first.address, region)
                if every
                else placement(context, subject.address, first_region)
            ),
        }
        context.judge(subject, Status.FAIL, fields, related)

    if every:
        if elsewhere:
            failed()
        elif unplaced:
            _unknown(
                context, subject, Doubt(f"the Region of {_listing(unplaced)} is unknown"), related
            )
        elif maybe is not None and maybe_regions - {region}:
            _unknown(context, subject, Doubt(f"it may also concern {maybe.describe()}"), related)
        else:
            context.judge(subject, Status.PASS, passed, related)
        return
    if here:
        context.judge(subject, Status.PASS, passed, related)
    elif maybe is not None and maybe_regions & {region, None}:
        _unknown(context, subject, Doubt(f"it may concern {maybe.describe()}"), related)
    elif unplaced:
        _unknown(context, subject, Doubt(f"the Region of {_listing(unplaced)} is unknown"), related)
    elif elsewhere:
        failed()
    else:
        _unknown(
            context,
            subject,
            Doubt(f"found no {subject.relation}: it may be managed outside these inputs"),
            related,
        )


@then(
    "every target is in its Region",
    **_ON_TARGETS,
    fields=_COLOCATION_FIELDS,
    messages=Messages(
        passed="in {region}, as its targets ({targets})",
        failed="{address} is in {region} but {elsewhere}",
        fix="Create {target} in {region}: {placement}.",
    ),
)
def every_target_colocated(context: ScenarioContext) -> None:
    """Every target is in the resource's Region."""
    pools = PoolMemo()
    for subject in _judgeable(context):
        _colocation(context, subject, every=True, pools=pools)


@then(
    "some target is in its Region",
    **_ON_TARGETS,
    fields=_COLOCATION_FIELDS,
    messages=Messages(
        passed="in {region}, as {targets}",
        failed="{address} is in {region} but {elsewhere}",
        fix="Put {address} in {target_regions} ({placement}), or add the {relation} in {region}.",
    ),
)
def some_target_colocated(context: ScenarioContext) -> None:
    """At least one target is in the resource's Region. With no target at all the verdict is
    unknown (what was looked for may be managed elsewhere): assert `Then it has a target`
    where its absence is itself a failure."""
    pools = PoolMemo()
    for subject in _judgeable(context):
        _colocation(context, subject, every=False, pools=pools)


@then(
    "every target's provider configuration is in its Region",
    **_ON_TARGETS,
    fields=("target", "target_region", "provider_source"),
    messages=Messages(
        passed="its targets' provider configurations are in {region}",
        failed=(
            "{address} is in {region} but {target} comes from a provider configuration in "
            "{target_region} ({provider_source})"
        ),
        fix="Create {target} with a provider configuration whose region is {region}.",
    ),
)
def targets_provider_colocated(context: ScenarioContext) -> None:
    """The provider configuration of every target is in the resource's Region (what a global
    resource such as an IAM access key derives per Region, e.g. its SMTP password)."""
    graph = context.graph
    for subject in _judgeable(context):
        region = _own_region(context, subject)
        if region is None:
            continue
        related = _related_targets(context, subject.targets)
        verdict = None
        for target in subject.targets:
            derived = graph.provider_region(target.address)
            if derived.region is None:
                verdict = verdict or (
                    Status.UNKNOWN,
                    {},
                    Doubt(
                        f"the Region of {target.address}'s provider configuration is unknown: "
                        f"{derived.detail}",
                        derived.hint,
                    ),
                )
            elif derived.region != region:
                fields = {
                    "target": target.address,
                    "target_region": derived.region,
                    "provider_source": derived.source,
                }
                verdict = (Status.FAIL, fields, None)
                break
        if verdict is None:
            context.judge(subject, Status.PASS, {}, related)
        elif verdict[0] is Status.FAIL:
            context.judge(subject, Status.FAIL, verdict[1], related)
        else:
            _unknown(context, subject, verdict[2], related)  # type: ignore[arg-type]


# -- presence ------------------------------------------------------------------------------


@then(
    "it has a target",
    **_ON_TARGETS,
    fields=("targets", "relation"),
    messages=Messages(
        passed="found {targets}",
        failed="{address} has no {relation}",
        fix="Add the {relation}.",
    ),
)
def must_have_target(context: ScenarioContext) -> None:
    """The last relating step found something for the resource."""
    _judge_presence(context, found=Status.PASS, none=Status.FAIL, counted=False)


@then(
    "it has no target",
    **_ON_TARGETS,
    fields=("targets", "count", "relation"),
    messages=Messages(
        passed="no {relation}",
        failed="{address} has {count} {relation}: {targets}",
        fix="Remove {targets}, or move them out of its way.",
    ),
)
def must_have_no_target(context: ScenarioContext) -> None:
    """The last relating step found nothing for the resource."""
    _judge_presence(context, found=Status.FAIL, none=Status.PASS, counted=True)


def _judge_presence(context: ScenarioContext, found: Status, none: Status, counted: bool) -> None:
    """`found` for a resource with targets, `none` for one without, unknown for one that may
    have some; `counted` adds the number of targets to the fields."""
    for subject in _judgeable(context):
        fields = {"targets": _listing([t.address for t in subject.targets])}
        if counted:
            fields["count"] = str(len(subject.targets))
        fields["relation"] = subject.relation
        related = _related_targets(context, subject.targets)
        if subject.targets:
            context.judge(subject, found, fields, related)
        elif subject.maybe is not None:
            _unknown(context, subject, Doubt(f"it may have {subject.maybe.describe()}"))
        else:
            context.judge(subject, none, fields, related)


@then(
    "some target has the same {key}",
    **_ON_TARGETS,
    fields=("key", "own_key", "target_keys", "targets", "relation"),
    messages=Messages(
        passed="{targets} has the same {key} ({own_key})",
        failed="{address} has {key} {own_key}, but {relation} has {target_keys}",
        fix="Give {address} the {key} of {targets}, or change theirs.",
    ),
)
def some_target_same_key(context: ScenarioContext, key: str) -> None:
    """Some target has the resource's key (e.g. the active rule set of its Region names the
    rule set that holds it). With no target at all the verdict is unknown."""
    indexes = context.graph.indexes
    for subject in _judgeable(context):
        own = indexes.key(subject.address, key)
        related = _related_targets(context, subject.targets)
        theirs = {t.address: indexes.key(t.address, key) for t in subject.targets}
        fields = {
            "key": key,
            "own_key": own.shown,
            "target_keys": _listing(sorted({v.shown for v in theirs.values()})),
            "targets": _listing([t.address for t in subject.targets]),
            "relation": subject.relation,
        }
        if own.token is not None and any(v.token == own.token for v in theirs.values()):
            context.judge(subject, Status.PASS, fields, related)
        elif not subject.targets and subject.maybe is None:
            _unknown(context, subject, Doubt(f"found no {subject.relation}"), related)
        elif not own.known or any(not v.known for v in theirs.values()):
            why = own.doubt or next(v.doubt for v in theirs.values() if not v.known)
            _unknown(context, subject, Doubt(f"a {key} is not known: {why}"), related)
        elif subject.maybe is not None:
            _unknown(context, subject, Doubt(f"it may match {subject.maybe.describe()}"), related)
        else:
            context.judge(subject, Status.FAIL, fields, related)


# -- Region availability -------------------------------------------------------------------

_OFFER_FIELDS = ("service", "table", "offered_region")


def _offer(context: ScenarioContext, region: str, service: str) -> Offered:
    availability = context.availability
    if service == "SES sending":
        return availability.sending_offered(region)
    if service == "SES receiving":
        return availability.receiving_offered(region)
    return Offered.YES if region in availability.workmail else Offered.NO


def _judge_offer(
    context: ScenarioContext,
    subject: Subject,
    region: str,
    service: str,
    related: tuple[RelatedResource, ...] = (),
    extra: dict[str, str] | None = None,
) -> None:
    offered = _offer(context, region, service)
    fields = {"service": service, "table": context.availability.source, "offered_region": region}
    fields.update(extra or {})
    if offered is Offered.YES:
        context.judge(subject, Status.PASS, fields, related)
    elif offered is Offered.UNCONFIRMED:
        _unknown(
            context,
            subject,
            Doubt(
                f"{service} in {region} is not confirmed by the Region table "
                f"({context.availability.source})",
                "check the AWS Regional endpoints page; confirm it with --ses-regions FILE",
            ),
            related,
        )
    else:
        context.judge(subject, Status.FAIL, fields, related)


@then(
    'its Region offers "{service}"',
    **_ON_SCOPE,
    fields=_OFFER_FIELDS,
    messages=Messages(
        passed="{region} offers {service}",
        failed="{region} does not offer {service} ({table})",
        fix="Move {address} to a Region that offers {service}.",
    ),
)
def region_offers(context: ScenarioContext, service: str) -> None:
    """The resource's Region offers the service ("SES sending", "SES receiving" or
    "WorkMail"), by the SES Region table (`--ses-regions` replaces it)."""
    for subject in _judgeable(context):
        region = _own_region(context, subject)
        if region is not None:
            _judge_offer(context, subject, region, service)


@then(
    'every target is in a Region that offers "{service}"',
    **_ON_TARGETS,
    fields=(*_OFFER_FIELDS, "target"),
    messages=Messages(
        passed="its targets' Regions offer {service}",
        failed="{target} is in {offered_region}, which does not offer {service} ({table})",
        fix="Use a {service} Region for {target}.",
    ),
)
def targets_offer(context: ScenarioContext, service: str) -> None:
    """Every target sits in a Region that offers the service."""
    for subject in _judgeable(context):
        worst: tuple[int, str | None, Target] | None = None
        for target in subject.targets:
            region = _region_of(context, target.address)
            rank = (
                1
                if region is None
                else {Offered.YES: 0, Offered.UNCONFIRMED: 1}.get(
                    _offer(context, region, service), 2
                )
            )
            if worst is None or rank > worst[0]:
                worst = (rank, region, target)
        related = _related_targets(context, subject.targets)
        if worst is None:
            context.judge(subject, Status.PASS, {"service": service}, related)
        elif worst[1] is None:
            _unknown(
                context, subject, Doubt(f"the Region of {worst[2].address} is unknown"), related
            )
        else:
            _judge_offer(context, subject, worst[1], service, related, {"target": worst[2].address})


@then(
    'every Region it points at offers "{service}"',
    **_ON_POINTED,
    fields=(*_OFFER_FIELDS, "host"),
    messages=Messages(
        passed="{offered_region} offers {service}",
        failed="it points at {host}, but {offered_region} does not offer {service} ({table})",
        fix="Point it at a Region that offers {service}.",
    ),
)
def pointed_regions_offer(context: ScenarioContext, service: str) -> None:
    """Each Region named by the endpoint hosts it points at offers the service."""
    for subject in _judgeable(context):
        for pointed in subject.pointed:
            _judge_offer(context, subject, pointed.region, service, extra={"host": pointed.host})


@then(
    "every Region it points at has a target",
    role=Role.JUDGE,
    needs=(Capability.SCOPE, Capability.POINTED, Capability.TARGETS),
    provides=(Capability.VERDICT,),
    fields=("regions_without", "hosts", "relation", "targets"),
    messages=Messages(
        passed="{targets} in the Regions it points at",
        failed="it points at {hosts}, but {regions_without} has no {relation}",
        fix="Add the {relation} in {regions_without}.",
    ),
)
def pointed_regions_have_target(context: ScenarioContext) -> None:
    """For each Region it points at, some target is in that Region."""
    pools = PoolMemo()
    for subject in _judgeable(context):
        related = _related_targets(context, subject.targets)
        by_region: dict[str | None, list[str]] = {}
        for target in subject.targets:
            by_region.setdefault(_region_of(context, target.address), []).append(target.address)
        maybe_regions = _pool_regions(context, subject.maybe, pools)
        without, uncertain = [], []
        for pointed in subject.pointed:
            if pointed.region in by_region:
                continue
            if maybe_regions & {pointed.region, None} or None in by_region:
                uncertain.append(pointed.region)
            else:
                without.append(pointed.region)
        fields = {
            "regions_without": ", ".join(sorted(set(without))),
            "hosts": ", ".join(sorted({p.host for p in subject.pointed})),
            "relation": subject.relation,
            "targets": _listing([t.address for t in subject.targets]),
        }
        if without:
            context.judge(subject, Status.FAIL, fields, related)
        elif uncertain:
            regions = ", ".join(sorted(set(uncertain)))
            _unknown(
                context,
                subject,
                Doubt(f"{regions}: a candidate's key or Region is known only after apply"),
                related,
            )
        else:
            context.judge(subject, Status.PASS, fields, related)


# -- values --------------------------------------------------------------------------------


@then(
    'every host in its "{attribute}" is the "{endpoint}" endpoint of a target\'s Region',
    **_ON_TARGETS,
    fields=("hosts", "bad_hosts", "target_regions", "expected_host", "attribute"),
    messages=Messages(
        passed="points at {hosts}",
        failed=(
            "its {attribute} points at {bad_hosts}, not at the {endpoint} endpoint of a Region "
            "of its targets ({target_regions})"
        ),
        fix='Use "10 {expected_host}".',
    ),
)
def hosts_are_endpoints(context: ScenarioContext, attribute: str, endpoint: str) -> None:
    """Every host in the attribute (MX-style values, `10 host.`) is that kind of SES endpoint
    (`inbound SMTP` or `feedback`) for a Region where one of the targets is."""
    availability = context.availability
    for subject in _judgeable(context):
        related = _related_targets(context, subject.targets)
        reading = read(context.graph.resource(subject.address), attribute)
        if reading.unknown:
            _unknown(context, subject, Doubt(f"its {attribute} is known only after apply"), related)
            continue
        regions = sorted({r for t in subject.targets if (r := _region_of(context, t.address))})
        hosts = [endpoint_host(value) for value in strings_of(reading)]
        named = {host: availability.region_of_host(endpoint, host) for host in hosts}
        bad = [h for h, r in named.items() if r is None or (regions and r not in regions)]
        fields = {
            "hosts": shown(", ".join(hosts) or "nothing", reading.sensitive),
            "bad_hosts": shown(", ".join(bad), reading.sensitive),
            "target_regions": ", ".join(regions) or "no known Region",
            "expected_host": availability.host(endpoint, regions[0] if regions else "<region>"),
            "attribute": attribute,
            "endpoint": endpoint,
        }
        if hosts and not bad and regions:
            context.judge(subject, Status.PASS, fields, related)
        elif not regions and all(r is not None for r in named.values()) and hosts:
            _unknown(
                context,
                subject,
                Doubt(f"it points at {fields['hosts']}, but its targets' Regions are unknown"),
                related,
            )
        else:
            context.judge(subject, Status.FAIL, fields, related)


@then(
    'its "{attribute}" has at most {count} value(s)',
    regex=r'its "(?P<attribute>[^"]*)" has at most (?P<count>\d+) values?',
    **_ON_SCOPE,
    fields=("attribute", "count", "values_count"),
    messages=Messages(
        passed="{attribute} has {values_count}",
        failed="its {attribute} has {values_count} values; at most {count} may be given",
        fix="Keep at most {count} value(s) in {attribute}.",
    ),
)
def at_most_values(context: ScenarioContext, attribute: str, count: int) -> None:
    """The attribute (a list) holds at most that many values."""
    for subject in _judgeable(context):
        reading = read(context.graph.resource(subject.address), attribute)
        if reading.unknown:
            _unknown(context, subject, Doubt(f"its {attribute} is known only after apply"))
            continue
        values = (
            reading.value
            if isinstance(reading.value, list)
            else ([] if reading.value is None else [reading.value])
        )
        fields = {"attribute": attribute, "count": str(count), "values_count": str(len(values))}
        context.judge(subject, Status.PASS if len(values) <= count else Status.FAIL, fields)


@then(
    'some target\'s "{attribute}" contains "{text}"',
    **_ON_TARGETS,
    fields=("attribute", "text", "targets", "relation", "target"),
    messages=Messages(
        passed='{target} has "{text}" in its {attribute}',
        failed='no {relation} has "{text}" in its {attribute}',
        fix='Add "{text}" to the {attribute} of one of the {relation}.',
    ),
)
def some_target_contains(context: ScenarioContext, attribute: str, text: str) -> None:
    """Some target's attribute (text, or a list of texts) contains the text. With no target
    the verdict is unknown: assert `Then it has a target` where absence is a failure."""
    graph = context.graph
    for subject in _judgeable(context):
        related = _related_targets(context, subject.targets)
        fields = {
            "attribute": attribute,
            "text": text,
            "targets": _listing([t.address for t in subject.targets]),
            "relation": subject.relation,
        }
        unknown = []
        found = None
        for target in subject.targets:
            reading = read(graph.resource(target.address), attribute)
            if reading.unknown:
                unknown.append(target.address)
            elif any(text in value for value in strings_of(reading)):
                found = target.address
                break
        if found is not None:
            fields["target"] = found
            context.judge(subject, Status.PASS, fields, related)
        elif unknown:
            _unknown(
                context,
                subject,
                Doubt(f"the {attribute} of {_listing(unknown)} is known only after apply"),
                related,
            )
        elif subject.maybe is not None:
            _unknown(context, subject, Doubt(f"it may be in {subject.maybe.describe()}"), related)
        elif not subject.targets:
            _unknown(context, subject, Doubt(f"found no {subject.relation}"), related)
        else:
            context.judge(subject, Status.FAIL, fields, related)




@then(
    'every "{arn_service}" ARN in its "{attribute}" names its Region',
    **_ON_SCOPE,
    fields=("arn_service", "attribute", "wrong_arns"),
    messages=Messages(
        passed="the {arn_service} ARNs in its {attribute} name {region}",
        failed="{address} is in {region} but its {attribute} names {wrong_arns}",
        fix="Use ARNs of {region} in its {attribute} (arn:aws:{arn_service}:{region}:…).",
    ),
)
def document_arns_in_region(context: ScenarioContext, arn_service: str, attribute: str) -> None:
    """Every ARN of that service inside the attribute (a JSON document, e.g. a policy) names
    the resource's Region (or `*`)."""
    for subject in _judgeable(context):
        region = _own_region(context, subject)
        if region is None:
            continue
        reading = read(context.graph.resource(subject.address), attribute)
        if reading.unknown or not isinstance(reading.value, str):
            _unknown(context, subject, Doubt(f"its {attribute} is known only after apply"))
            continue
        try:
            document = json.loads(reading.value)
        except ValueError:
            _unknown(context, subject, Doubt(f"its {attribute} is not JSON"))
            continue
        wrong = sorted(
            {
                text
                for text in strings_in(document)
                if (arn := parse_arn(text))
                and arn.service == arn_service
                and arn.region not in (region, "*")
            }
        )
        fields = {
            "arn_service": arn_service,
            "attribute": attribute,
            "wrong_arns": (
                f"{len(wrong)} ARN(s) of another Region (the {attribute} is sensitive)"
                if reading.sensitive
                else ", ".join(wrong)
            ),
        }
        context.judge(subject, Status.FAIL if wrong else Status.PASS, fields)


@then(
    'its "{attribute}" is the same as every target\'s',
    **_ON_TARGETS,
    fields=("attribute", "value", "differing"),
    messages=Messages(
        passed="{attribute} agrees with {differing}",
        failed="{attribute} = {value} here differs from {differing}",
        fix="Make {attribute} the same on {address} and {differing}.",
    ),
)
def same_as_targets(context: ScenarioContext, attribute: str) -> None:
    """The attribute has the same value on the resource and on every target (lists compared
    as sets)."""
    graph = context.graph

    def comparable(address: str) -> tuple[str | None, bool]:
        reading = read(graph.resource(address), attribute)
        if reading.unknown or reading.value is None:
            return None, reading.sensitive
        value = reading.value
        normal = sorted(map(str, value)) if isinstance(value, list) else value
        return json.dumps(normal, sort_keys=True), reading.sensitive

    for subject in _judgeable(context):
        mine, sensitive = comparable(subject.address)
        related = _related_targets(context, subject.targets)
        if mine is None:
            _unknown(context, subject, Doubt(f"its {attribute} is not known"), related)
            continue
        differing, unknown = [], []
        for target in subject.targets:
            theirs, _ = comparable(target.address)
            if theirs is None:
                unknown.append(target.address)
            elif theirs != mine:
                differing.append(target.address)
        fields = {
            "attribute": attribute,
            "value": shown(mine, sensitive),
            "differing": _listing(differing or [t.address for t in subject.targets]),
        }
        if differing:
            context.judge(subject, Status.FAIL, fields, related)
        elif unknown:
            _unknown(
                context,
                subject,
                Doubt(f"the {attribute} of {_listing(unknown)} is not known"),
                related,
            )
        else:
            context.judge(subject, Status.PASS, fields, related)


@then(
    'nothing reads its "{attributes}"',
    **_ON_SCOPE,
    fields=("attribute", "readers"),
    messages=Messages(
        passed="nothing reads its {attribute}",
        failed="the {attribute} of {address} is read by {readers}",
        fix="Stop reading {attribute} of {address} in {readers}.",
    ),
)
def nothing_reads(context: ScenarioContext, attributes: AttributePaths) -> None:
    """No resource refers to the attribute (a reference to the whole resource counts)."""
    graph = context.graph
    for subject in _judgeable(context):
        readers = [
            Target(edge.source, edge.attribute)
            for edge in graph.edges_to(subject.address)
            if not edge.target_attribute or attributes.match(edge.target_attribute)
        ]
        fields = {"attribute": str(attributes), "readers": _listing([r.address for r in readers])}
        status = Status.FAIL if readers else Status.PASS
        context.judge(subject, status, fields, _related_targets(context, readers))
