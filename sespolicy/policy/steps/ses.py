"""SES-specific steps, where the generic phrasing would be unreadable."""

from __future__ import annotations

import json
from collections import defaultdict

from sespolicy.findings import Status
from sespolicy.policy.steps.attributes import SENSITIVE
from sespolicy.policy.steps.context import ScenarioContext, Subject, Verdict
from sespolicy.policy.steps.generic import _unresolved, matching_types
from sespolicy.policy.steps.identities import identity_index, identity_name
from sespolicy.policy.steps.registry import then, when
from sespolicy.policy.steps.remedy import place_in_region
from sespolicy.world.attribute_paths import is_marked
from sespolicy.world.aws_types import parse_arn
from sespolicy.world.ses_regions import Offered

_MAIL_FROM_TYPES = {
    "aws_ses_domain_mail_from": "mail_from_domain",
    "aws_sesv2_email_identity_mail_from_attributes": "mail_from_domain",
}


def _own_region(context: ScenarioContext, subject: Subject) -> str | None:
    answer = context.graph.region(subject.address)
    if answer.region is None:
        context.judge(subject, Verdict(Status.UNKNOWN, f"its Region is unknown: {answer.detail}"))
    return answer.region


# -- Region availability ---------------------------------------------------------------------


def _judge_offered(context: ScenarioContext, subject: Subject, region: str, what: str) -> None:
    availability = context.availability
    offered = {
        "SES sending": availability.sending_offered,
        "SES receiving": availability.receiving_offered,
        "WorkMail": lambda r: Offered.YES if r in availability.workmail else Offered.NO,
    }[what](region)
    if offered is Offered.YES:
        context.judge(subject, Verdict(Status.PASS, f"{region} offers {what}"))
    elif offered is Offered.UNCONFIRMED:
        context.judge(
            subject,
            Verdict(
                Status.UNKNOWN,
                f"{what} in {region} is not confirmed by the Region table ({availability.source})",
                "check the AWS Regional endpoints page; confirm with --ses-regions FILE",
            ),
        )
    else:
        context.judge(
            subject,
            Verdict(
                Status.FAIL,
                f"{region} does not offer {what} ({availability.source})",
                f"move {subject.address} to a Region that offers {what}",
            ),
        )


@then("its Region offers {what}")
def region_offers(context: ScenarioContext, what: str) -> None:
    """The resource's Region offers the service: "SES sending", "SES receiving" or "WorkMail"."""
    for subject in context.scope():
        if _unresolved(context, subject):
            continue
        region = _own_region(context, subject)
        if region:
            _judge_offered(context, subject, region, what)


@then("every target is in a Region that offers {what}")
def targets_offer(context: ScenarioContext, what: str) -> None:
    """Every resource followed to sits in a Region that offers the service."""
    for subject in context.scope():
        if _unresolved(context, subject):
            continue
        for _, target in subject.related:
            region = context.graph.region(target).region
            if region is None:
                context.judge(subject, Verdict(Status.UNKNOWN, f"Region of {target} is unknown"))
            else:
                _judge_offered(context, subject, region, what)


# -- identities ------------------------------------------------------------------------------


def _identity_or_unknown(context: ScenarioContext, subject: Subject) -> str | None:
    name = identity_name(context.graph, context.graph.resource(subject.address))
    if name is None:
        context.judge(
            subject, Verdict(Status.UNKNOWN, "the identity it refers to is unknown until apply")
        )
    return name


@then("its identity is declared in its Region")
def identity_declared_here(context: ScenarioContext) -> None:
    """An identity with the name it configures is declared in the resource's own Region."""
    index = identity_index(context.graph)
    for subject in context.scope():
        if _unresolved(context, subject):
            continue
        region = _own_region(context, subject)
        name = _identity_or_unknown(context, subject) if region else None
        if not region or not name:
            continue
        declared = index.declared_in(name)
        related = tuple(
            context.related(None, address)
            for addresses in declared.values()
            for address in addresses
        )
        if region in declared:
            context.judge(
                subject, Verdict(Status.PASS, f"{name} is declared in {region}", related=related)
            )
        elif None in declared:
            context.judge(
                subject,
                Verdict(
                    Status.UNKNOWN,
                    f"{name} is declared where the Region is unknown",
                    related=related,
                ),
            )
        elif declared:
            elsewhere = ", ".join(sorted(r for r in declared if r))
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{subject.address} configures {name} in {region}, but {name} is declared only "
                    f"in {elsewhere}: identities are verified per Region",
                    f"declare {name} in {region} too, or put {subject.address} in {elsewhere} "
                    f"({place_in_region(context.graph, subject.address, sorted(r for r in declared if r)[0])})",
                    related,
                ),
            )
        else:
            context.judge(
                subject,
                Verdict(
                    Status.UNKNOWN,
                    f"{name} is not declared in this plan (it may be managed elsewhere)",
                ),
            )


def _identity_scope(context: ScenarioContext) -> list[tuple[Subject, str]]:
    pairs = []
    for subject in context.scope():
        name = identity_name(context.graph, context.graph.resource(subject.address))
        if name:
            pairs.append((subject, name))
    return pairs


@when("its identity is declared in more than one Region")
def identity_multi_region(context: ScenarioContext) -> None:
    """Keep identities whose name is declared in two or more known Regions."""
    index = identity_index(context.graph)
    context.subjects = [
        s
        for s, name in _identity_scope(context)
        if len([r for r in index.declared_in(name) if r]) > 1
    ]


def _typed_regions(context: ScenarioContext, name: str, types: str) -> dict[str | None, list[str]]:
    wanted = matching_types(context, types)
    index = identity_index(context.graph)
    found: dict[str | None, list[str]] = defaultdict(list)
    for address in index.bindings.get(name, []):
        if context.graph.resource(address).type in wanted:
            found[context.graph.region(address).region].append(address)
    return found


@when('its identity has "{types}" in some Region')
def identity_has_somewhere(context: ScenarioContext, types: str) -> None:
    """Keep identities for which a resource of the types configures the same name anywhere."""
    context.subjects = [
        s for s, name in _identity_scope(context) if _typed_regions(context, name, types)
    ]


@then('its Region has "{types}" for its identity')
def region_has_binding(context: ScenarioContext, types: str) -> None:
    """In the identity's own Region a resource of the types configures that identity."""
    for subject in context.scope():
        if _unresolved(context, subject):
            continue
        region = _own_region(context, subject)
        name = _identity_or_unknown(context, subject) if region else None
        if not region or not name:
            continue
        found = _typed_regions(context, name, types)
        related = tuple(context.related(None, a) for addresses in found.values() for a in addresses)
        if region in found:
            context.judge(
                subject, Verdict(Status.PASS, f"{types} for {name} in {region}", related=related)
            )
        elif None in found:
            context.judge(
                subject,
                Verdict(
                    Status.UNKNOWN, f"{types} for {name} sits in an unknown Region", related=related
                ),
            )
        else:
            others = ", ".join(sorted(r for r in found if r))
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{name} is declared in {region} but has {types} only in {others}",
                    f"add {types} for {name} in {region} (settings do not carry across Regions)",
                    related,
                ),
            )


# -- identity policies -----------------------------------------------------------------------


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


@then('every "{service}" ARN in its "{attribute}" names its Region')
def policy_arns_in_region(context: ScenarioContext, service: str, attribute: str) -> None:
    """Every ARN of the service inside the JSON document attribute names the resource's Region."""
    for subject in context.scope():
        resource = context.graph.resource(subject.address)
        region = _own_region(context, subject)
        if not region:
            continue
        document = resource.values.get(attribute)
        if is_marked(resource.unknown, attribute) or not isinstance(document, str):
            context.judge(
                subject, Verdict(Status.UNKNOWN, f"its {attribute} is unknown until apply")
            )
            continue
        try:
            parsed = json.loads(document)
        except ValueError:
            context.judge(subject, Verdict(Status.UNKNOWN, f"its {attribute} is not JSON"))
            continue
        wrong = sorted(
            {
                text
                for text in _strings(parsed)
                if (arn := parse_arn(text))
                and arn.service == service
                and arn.region not in (region, "*")
            }
        )
        if wrong:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{subject.address} is in {region} but its {attribute} names "
                    + ", ".join(wrong),
                    f"use ARNs of the identity in {region} (arn:aws:{service}:{region}:…)",
                ),
            )
        else:
            context.judge(subject, Verdict(Status.PASS, f"{service} ARNs name {region}"))


# -- receipt rule sets -----------------------------------------------------------------------


def _active_sets(context: ScenarioContext) -> dict[str | None, list[str]]:
    cached = context.graph.cache.get("active_rule_sets")
    if not isinstance(cached, dict):
        cached = defaultdict(list)
        for resource in context.graph.resources_of_type("aws_ses_active_receipt_rule_set"):
            if resource.mode == "managed":
                cached[context.graph.region(resource.address).region].append(resource.address)
        context.graph.cache["active_rule_sets"] = cached
    return cached


def _rule_set_name(context: ScenarioContext, address: str) -> str | None:
    resource = context.graph.resource(address)
    value = resource.values.get("rule_set_name")
    if isinstance(value, str) and value:
        return value
    for edge in context.graph.edges_from(address):
        if edge.attribute == "rule_set_name":
            target = context.graph.resource(edge.target).values.get("rule_set_name")
            if isinstance(target, str) and target:
                return target
    return None


@then("its Region has exactly one active receipt rule set")
def one_active_set(context: ScenarioContext) -> None:
    """Exactly one aws_ses_active_receipt_rule_set is in the resource's Region."""
    active = _active_sets(context)
    for subject in context.scope():
        region = _own_region(context, subject)
        if not region:
            continue
        here = active.get(region, [])
        related = tuple(context.related(None, a) for a in here)
        if len(here) == 1:
            context.judge(
                subject, Verdict(Status.PASS, f"one active rule set in {region}", related=related)
            )
        elif not here and active.get(None):
            context.judge(
                subject, Verdict(Status.UNKNOWN, "an active rule set has an unknown Region")
            )
        elif not here:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"no active receipt rule set in {region}: SES rejects all mail received there",
                    f"add aws_ses_active_receipt_rule_set in {region} naming the rule set of "
                    f"{subject.address}",
                ),
            )
        else:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{len(here)} active receipt rule sets in {region}; only one can be active",
                    "keep a single aws_ses_active_receipt_rule_set per Region",
                    related,
                ),
            )


@then("the active receipt rule set of its Region is its rule set")
def active_set_is_own(context: ScenarioContext) -> None:
    """The rule set active in the resource's Region is the one that holds the resource."""
    active = _active_sets(context)
    for subject in context.scope():
        region = _own_region(context, subject)
        if not region:
            continue
        here = active.get(region, [])
        if len(here) != 1:
            continue  # judged by the rule that counts active sets
        own, current = _rule_set_name(context, subject.address), _rule_set_name(context, here[0])
        related = (context.related("rule_set_name", here[0]),)
        if own is None or current is None:
            context.judge(
                subject,
                Verdict(Status.UNKNOWN, "a rule set name is unknown until apply", related=related),
            )
        elif own == current:
            context.judge(
                subject, Verdict(Status.PASS, f"{own} is active in {region}", related=related)
            )
        else:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{subject.address} belongs to rule set {own}, but {current} is the active set in "
                    f"{region}: the rule never runs",
                    f"activate {own} in {region} or move the rule into {current}",
                    related,
                ),
            )


# -- DNS: MX, SPF, DKIM ----------------------------------------------------------------------


def _zone_name(context: ScenarioContext, record_address: str) -> str | None:
    for edge in context.graph.edges_from(record_address):
        if edge.attribute == "zone_id":
            name = context.graph.resource(edge.target).values.get("name")
            if isinstance(name, str):
                return name.rstrip(".").lower()
    return None


def record_name(context: ScenarioContext, address: str) -> str | None:
    """The fully qualified name of a Route 53 record, when the plan tells it (memoised)."""
    cache = context.graph.cache.setdefault("record_names", {})
    assert isinstance(cache, dict)
    if address not in cache:
        cache[address] = _record_name(context, address)
    return cache[address]


def _record_name(context: ScenarioContext, address: str) -> str | None:
    resource = context.graph.resource(address)
    name = resource.values.get("name")
    if isinstance(name, str) and name and not is_marked(resource.unknown, "name"):
        name = name.rstrip(".").lower()
        zone = _zone_name(context, address)
        if zone and not name.endswith(zone):
            name = f"{name}.{zone}"
        return name
    for edge in context.graph.edges_from(address):
        if edge.attribute == "name" and edge.target_attribute == "mail_from_domain":
            target = context.graph.resource(edge.target)
            value = target.values.get("mail_from_domain")
            if isinstance(value, str):
                return value.rstrip(".").lower()
            return f"mail-from-of:{edge.target}"
    return None


def _mail_from_domains(context: ScenarioContext) -> dict[str, list[str]]:
    """MAIL FROM domain -> the resources configuring it (with their Regions)."""
    cached = context.graph.cache.get("mail_from_domains")
    if isinstance(cached, dict):
        return cached
    domains: dict[str, list[str]] = defaultdict(list)
    for resource in context.graph.resources_of_type(*_MAIL_FROM_TYPES):
        attribute = _MAIL_FROM_TYPES[resource.type]
        if resource.mode != "managed":
            continue
        value = resource.values.get(attribute)
        key = (
            value.rstrip(".").lower()
            if isinstance(value, str) and value
            else f"mail-from-of:{resource.address}"
        )
        domains[key].append(resource.address)
    context.graph.cache["mail_from_domains"] = domains
    return domains


def _records(context: ScenarioContext, address: str) -> list[str] | None:
    resource = context.graph.resource(address)
    records = resource.values.get("records")
    if is_marked(resource.unknown, "records") or not isinstance(records, list):
        return None
    return [str(r) for r in records]


def _mx_host(record: str) -> str:
    return record.split()[-1].rstrip(".").lower() if record.split() else ""


@when("it is the MX record of a MAIL FROM domain")
def mx_of_mail_from(context: ScenarioContext) -> None:
    """Keep MX records whose name is a MAIL FROM domain configured in the plan."""
    domains = _mail_from_domains(context)
    kept = []
    for subject in context.scope():
        name = record_name(context, subject.address)
        if name in domains:
            subject.facts["mail_from"] = name
            subject.related = [("mail_from_domain", a) for a in domains[name]]
            kept.append(subject)
    context.subjects = kept


@when("it is not the MX record of a MAIL FROM domain")
def not_mx_of_mail_from(context: ScenarioContext) -> None:
    """Drop MX records whose name is a MAIL FROM domain configured in the plan."""
    domains = _mail_from_domains(context)
    context.subjects = [
        s for s in context.scope() if record_name(context, s.address) not in domains
    ]


@then("it points at the feedback endpoint of a Region where its MAIL FROM domain is configured")
def mx_points_at_feedback(context: ScenarioContext) -> None:
    """The MX host is feedback-smtp.<region>.amazonses.com for a Region configuring that domain."""
    for subject in context.scope():
        related = tuple(context.related(a, t) for a, t in subject.related)
        configured = sorted({r.region for r in related if r.region})
        records = _records(context, subject.address)
        if records is None:
            context.judge(
                subject,
                Verdict(Status.UNKNOWN, "its records are unknown until apply", related=related),
            )
            continue
        hosts = [_mx_host(r) for r in records]
        availability = context.availability
        good = [h for h in hosts if availability.region_of_feedback_host(h) in configured]
        if good and len(good) == len(hosts):
            context.judge(subject, Verdict(Status.PASS, f"points at {good[0]}", related=related))
            continue
        if not configured and all(availability.region_of_feedback_host(h) for h in hosts):
            context.judge(
                subject,
                Verdict(
                    Status.UNKNOWN,
                    f"points at {', '.join(hosts)}, but the Region of its MAIL FROM setting is unknown",
                    related=related,
                ),
            )
            continue
        target = configured[0] if configured else "<region>"
        bad = ", ".join(h for h in hosts if h not in good)
        why = (
            "an inbound-smtp host receives mail, it does not take bounces"
            if any(availability.region_of_inbound_host(h) for h in hosts)
            else f"MAIL FROM {subject.facts.get('mail_from')} is configured in {', '.join(configured) or 'no known Region'}"
        )
        context.judge(
            subject,
            Verdict(
                Status.FAIL,
                f"MX of MAIL FROM domain points at {bad}: {why}",
                f'use "10 {context.availability.feedback_host(target)}"',
                related,
            ),
        )


@then("it is the only MX record for its name")
def only_mx(context: ScenarioContext) -> None:
    """No other MX record with the same name exists, and it holds a single value."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for resource in context.graph.resources_of_type("aws_route53_record"):
        if str(resource.values.get("type")).upper() == "MX":
            name = record_name(context, resource.address)
            if name:
                by_name[name].append(resource.address)
    for subject in context.scope():
        name = record_name(context, subject.address)
        others = [a for a in by_name.get(name or "", []) if a != subject.address]
        records = _records(context, subject.address) or []
        if others or len(records) > 1:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{name} has {len(others) + max(len(records), 1)} MX values; a MAIL FROM domain "
                    "needs exactly one or its setup fails",
                    "keep one MX record with a single feedback-smtp value",
                    tuple(context.related(None, a) for a in others),
                ),
            )
        else:
            context.judge(subject, Verdict(Status.PASS, f"one MX record for {name}"))


@when("the plan manages DNS records for its MAIL FROM domain")
def manages_mail_from_dns(context: ScenarioContext) -> None:
    """Keep MAIL FROM settings whose domain has any Route 53 record in the plan."""
    names = {
        record_name(context, r.address)
        for r in context.graph.resources_of_type("aws_route53_record")
    }
    kept = []
    for subject in context.scope():
        resource = context.graph.resource(subject.address)
        value = resource.values.get("mail_from_domain")
        key = (
            value.rstrip(".").lower()
            if isinstance(value, str) and value
            else f"mail-from-of:{subject.address}"
        )
        if key in names:
            subject.facts["mail_from"] = key
            kept.append(subject)
    context.subjects = kept


@then('a TXT record containing "{text}" exists for its MAIL FROM domain')
def spf_exists(context: ScenarioContext, text: str) -> None:
    """A Route 53 TXT record for the MAIL FROM domain holds the text (the SPF record)."""
    for subject in context.scope():
        name = subject.facts.get("mail_from")
        unknown = False
        found = None
        for resource in context.graph.resources_of_type("aws_route53_record"):
            if str(resource.values.get("type")).upper() != "TXT":
                continue
            if record_name(context, resource.address) != name:
                continue
            records = _records(context, resource.address)
            if records is None:
                unknown = True
            elif any(text in r for r in records):
                found = resource.address
        if found:
            context.judge(
                subject,
                Verdict(
                    Status.PASS, f"SPF record {found}", related=(context.related(None, found),)
                ),
            )
        elif unknown:
            context.judge(
                subject, Verdict(Status.UNKNOWN, f"TXT records of {name} are unknown until apply")
            )
        else:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"no TXT record with {text!r} for MAIL FROM domain {name}",
                    f'add aws_route53_record {{ name = "{name}", type = "TXT", records = ["v=spf1 include:amazonses.com ~all"] }}',
                ),
            )


@when("the plan manages the DNS zone of its identity")
def manages_identity_zone(context: ScenarioContext) -> None:
    """Keep resources whose identity's domain lies in a Route 53 zone of the plan."""
    zones = [
        str(r.values.get("name")).rstrip(".").lower()
        for r in context.graph.resources_of_type("aws_route53_zone")
        if isinstance(r.values.get("name"), str)
    ]
    kept = []
    for subject in context.scope():
        name = identity_name(context.graph, context.graph.resource(subject.address))
        if (name and any(name == z or name.endswith("." + z) for z in zones)) or any(
            e.source
            for e in context.graph.edges_to(subject.address)
            if context.graph.resource(e.source).type == "aws_route53_record"
        ):
            kept.append(subject)
    context.subjects = kept


def _records_naming_tokens(context: ScenarioContext, address: str) -> list[str]:
    """Route 53 records whose known name or values contain one of the resource's known tokens."""
    tokens = context.graph.resource(address).values.get("dkim_tokens")
    if not isinstance(tokens, list) or not tokens:
        return []
    found = []
    for record in context.graph.resources_of_type("aws_route53_record"):
        texts = [str(record.values.get("name") or ""), *(_records(context, record.address) or [])]
        if any(str(token) in text for token in tokens for text in texts):
            found.append(record.address)
    return found


@then("a DNS record publishes its DKIM tokens")
def dkim_records(context: ScenarioContext) -> None:
    """Some Route 53 record reads the resource's dkim_tokens (one CNAME per token)."""
    for subject in context.scope():
        # Pre-1.0 plans list a bare `aws_ses_domain_dkim.x` reference (no attribute): a record
        # referring to the DKIM resource at all is publishing its tokens.
        readers = [
            e.source
            for e in context.graph.edges_to(subject.address)
            if e.target_attribute in ("dkim_tokens", "")
            and context.graph.resource(e.source).type == "aws_route53_record"
        ]
        readers.extend(_records_naming_tokens(context, subject.address))
        if readers:
            context.judge(
                subject,
                Verdict(
                    Status.PASS,
                    "CNAME records publish its tokens",
                    related=tuple(context.related("records", r) for r in readers),
                ),
            )
        else:
            region = context.graph.region(subject.address).region or "its Region"
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"no DNS record publishes the DKIM tokens of {subject.address} ({region}); "
                    "each Region has its own tokens",
                    "add three CNAME records <token>._domainkey -> <token>.dkim.amazonses.com "
                    f"from {subject.address}.dkim_tokens",
                ),
            )


# -- inbound MX ------------------------------------------------------------------------------


@when("its records point at an inbound SMTP endpoint")
def inbound_mx(context: ScenarioContext) -> None:
    """Keep MX records whose hosts are inbound-smtp.<region>.amazonaws.com."""
    kept = []
    for subject in context.scope():
        records = _records(context, subject.address) or []
        hosts = (_mx_host(record) for record in records)
        regions = sorted(
            {
                region
                for host in hosts
                if (region := context.availability.region_of_inbound_host(host))
            }
        )
        if regions:
            subject.facts["inbound_regions"] = regions
            kept.append(subject)
    context.subjects = kept


@then("the Region its records point at offers SES receiving")
def inbound_region_offers(context: ScenarioContext) -> None:
    """Each Region an inbound MX host names offers SES email receiving."""
    for subject in context.scope():
        for region in subject.facts.get("inbound_regions", []):
            _judge_offered(context, subject, str(region), "SES receiving")


def _accepts(recipients: object, domain: str) -> bool:
    if not isinstance(recipients, list) or not recipients:
        return True  # no recipients: the rule matches every address of every verified domain
    for recipient in (str(r).lower() for r in recipients):
        if recipient == domain or recipient.endswith("@" + domain):
            return True
        if recipient.startswith(".") and domain.endswith(recipient):
            return True
    return False


@then("the Region its records point at has an active rule set accepting its domain")
def inbound_active_set(context: ScenarioContext) -> None:
    """That Region's active rule set has an enabled rule whose recipients cover the domain."""
    active = _active_sets(context)
    rules = [
        r for r in context.graph.resources_of_type("aws_ses_receipt_rule") if r.mode == "managed"
    ]
    for subject in context.scope():
        domain = record_name(context, subject.address)
        for region in subject.facts.get("inbound_regions", []):
            sets = active.get(str(region), [])
            if not sets:
                verdict = Verdict(
                    Status.UNKNOWN if active.get(None) else Status.FAIL,
                    f"MX points at {region}, which has no active receipt rule set: mail is rejected",
                    f"activate a rule set in {region} with a rule for {domain}",
                )
                context.judge(subject, verdict)
                continue
            active_name = _rule_set_name(context, sets[0])
            matching = [
                r.address
                for r in rules
                if context.graph.region(r.address).region == region
                and _rule_set_name(context, r.address) == active_name
                and r.values.get("enabled") is not False
                and domain is not None
                and _accepts(r.values.get("recipients"), domain)
            ]
            if matching:
                context.judge(
                    subject,
                    Verdict(
                        Status.PASS,
                        f"{matching[0]} accepts {domain}",
                        related=(context.related(None, matching[0]),),
                    ),
                )
            elif domain is None or active_name is None:
                context.judge(
                    subject,
                    Verdict(Status.UNKNOWN, "the record's domain or the active set is unknown"),
                )
            else:
                context.judge(
                    subject,
                    Verdict(
                        Status.FAIL,
                        f"the active rule set {active_name} in {region} has no enabled rule for {domain}",
                        f"add a receipt rule for {domain} to {active_name} in {region}",
                        (context.related(None, sets[0]),),
                    ),
                )


# -- SMTP credentials ------------------------------------------------------------------------


@then("it is in the Region of the provider configuration of what it reads")
def in_provider_region_of_read(context: ScenarioContext) -> None:
    """The resource sits in the Region the credential it reads was derived for (the key's provider)."""
    for subject in context.scope():
        region = _own_region(context, subject)
        if not region:
            continue
        for attribute, key in subject.related:
            derived = context.graph.provider_region(key)
            related = (context.related(attribute, key),)
            if derived.region is None:
                context.judge(
                    subject,
                    Verdict(
                        Status.UNKNOWN,
                        f"the Region {key} is derived for is unknown: {derived.detail}",
                        related=related,
                    ),
                )
            elif derived.region != region:
                context.judge(
                    subject,
                    Verdict(
                        Status.FAIL,
                        f"{subject.address} is in {region} but reads the SMTP password of {key}, "
                        f"derived for {derived.region} ({derived.source}): it will not authenticate in {region}",
                        f"create an aws_iam_access_key with a provider whose region is {region} for "
                        f"{subject.address}; SMTP passwords work only in the Region they were derived for",
                        related,
                    ),
                )
            else:
                context.judge(
                    subject, Verdict(Status.PASS, f"password derived for {region}", related=related)
                )


# -- suppression -----------------------------------------------------------------------------


@then('its "{attribute}" is the same in every Region')
def same_everywhere(context: ScenarioContext, attribute: str) -> None:
    """Resources of the same type agree on the attribute across Regions."""
    subjects = context.scope()
    values = {
        s.address: (
            SENSITIVE
            if is_marked(resource.sensitive, attribute)
            else json.dumps(sorted(map(str, v)) if isinstance(v, list) else v, sort_keys=True)
        )
        for s in subjects
        if (v := (resource := context.graph.resource(s.address)).values.get(attribute)) is not None
    }
    for subject in subjects:
        mine = values.get(subject.address)
        differing = [a for a, v in values.items() if a != subject.address and v != mine]
        if mine is None:
            context.judge(subject, Verdict(Status.UNKNOWN, f"its {attribute} is unknown"))
        elif differing:
            context.judge(
                subject,
                Verdict(
                    Status.FAIL,
                    f"{attribute} = {mine} here differs from " + ", ".join(differing),
                    "align suppression settings across Regions (removals apply to all Regions)",
                    tuple(context.related(attribute, a) for a in differing),
                ),
            )
        else:
            context.judge(subject, Verdict(Status.PASS, f"{attribute} agrees across Regions"))
