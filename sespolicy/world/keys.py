"""Key values: the names by which rules join resources that do not refer to each other.

A key (see `aws_types.KEYS`) is read from one attribute of a resource and normalised by its
kind: an identity's ARN stands for its name, DNS names ignore case and the trailing dot, a
Route 53 record's relative name is completed with its zone's. When the attribute is unknown
until apply, the key is still comparable if the value is a plain reference to another
resource's attribute (two records naming `aws_ses_domain_mail_from.m.mail_from_domain` share a
key, whatever it turns out to be); otherwise it is unknown, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sespolicy.display import shown
from sespolicy.world.attribute_paths import marked_within
from sespolicy.world.aws_types import KeyKind, KeySpec, facts, parse_arn

if TYPE_CHECKING:
    from sespolicy.world.graph import ResourceGraph
    from sespolicy.world.model import ResourceInstance

_TRACE_DEPTH = 8
# A traced key's token cannot collide with a real value: it starts with a NUL.
_TRACED = "\0"


@dataclass(frozen=True)
class KeyValue:
    """A resource's value for one key."""

    # What compares: the normalised value, a traced origin (`\0address.attribute`), or None
    # when the value cannot be compared at all.
    token: str | None
    # For messages: the value, `(sensitive)`, or what it will be ("the mail_from_domain of …").
    shown: str
    # Why the key is not a known value (unknown until apply, not set …); "" when it is known.
    doubt: str = ""
    sensitive: bool = False
    # Known only after apply and not a plain copy of another resource's attribute: it may turn
    # out equal to any value. (A traced value is presumed equal only to copies of the same
    # attribute: a DKIM token is no MAIL FROM domain.)
    open: bool = False

    @property
    def known(self) -> bool:
        """A value we can read (not only trace)."""
        return self.token is not None and not self.token.startswith(_TRACED)

    @property
    def traced(self) -> bool:
        return self.token is not None and self.token.startswith(_TRACED)


def normalise(kind: KeyKind, text: str) -> str:
    if kind is KeyKind.NAME:
        return text
    if kind is KeyKind.IDENTITY:
        arn = parse_arn(text)
        if arn is not None and arn.resource.startswith("identity/"):
            text = arn.resource.split("/", 1)[1]
    return text.strip().rstrip(".").lower()


def domain_of(token: str) -> str:
    """The DNS domain a key value stands in: an email identity's domain is after the `@`."""
    return token.rsplit("@", 1)[-1]


def key_value(graph: ResourceGraph, resource: ResourceInstance, spec: KeySpec) -> KeyValue:
    attribute = spec.attributes.get(resource.type)
    if attribute is None:
        return KeyValue(None, "(none)", f"{resource.type} has no {spec.name}")
    value = _attribute_key(graph, resource, attribute, spec, 0)
    if value.known and resource.type == "aws_route53_record" and spec.name == "DNS name":
        return _qualified_record_name(graph, resource, value)
    return value


def _attribute_key(
    graph: ResourceGraph, resource: ResourceInstance, attribute: str, spec: KeySpec, depth: int
) -> KeyValue:
    raw = resource.values.get(attribute)
    unknown = marked_within(resource.unknown, attribute)
    sensitive = marked_within(resource.sensitive, attribute)
    if not unknown:
        if isinstance(raw, str) and raw.strip():
            token = normalise(spec.kind, raw)
            return KeyValue(token, shown(token, sensitive), sensitive=sensitive)
        return KeyValue(None, "(not set)", f"its {attribute} is not set")
    # Known only after apply; a plain reference to one resource may still tell.
    edges = [e for e in graph.edges_from(resource.address) if e.attribute == attribute]
    if len(edges) == 1 and depth < _TRACE_DEPTH:
        edge = edges[0]
        target = graph.resource(edge.target)
        target_facts = facts(target.type)
        if target.type in spec.attributes and (
            not edge.target_attribute
            or edge.target_attribute in target_facts.identifying_attributes
        ):
            # It names the resource itself (its ARN, id or name): the key is that resource's.
            return _attribute_key(graph, target, spec.attributes[target.type], spec, depth + 1)
        if edge.target_attribute:
            # It copies one attribute of another resource: the key is that value.
            return _attribute_key(graph, target, edge.target_attribute, spec, depth + 1)
    origin = f"{resource.address}.{attribute}"
    return KeyValue(
        _TRACED + origin,
        f"the {attribute} of {resource.address} (known after apply)",
        f"the {attribute} of {resource.address} is known only after apply",
        open=_configured(resource, attribute),
    )


def _configured(resource: ResourceInstance, attribute: str) -> bool:
    """True when the configuration writes the attribute (from references we could not trace,
    or a function), False for a value the provider computes (an id, a token)."""
    return bool(resource.expressions.get(attribute))


def _qualified_record_name(
    graph: ResourceGraph, record: ResourceInstance, name: KeyValue
) -> KeyValue:
    """A record name completed with its zone's name when it is relative to the zone."""
    assert name.token is not None
    zone = _zone_name(graph, record)
    if zone is None:
        if "." not in name.token:
            return KeyValue(
                None,
                name.shown,
                f"its name {name.shown} is relative to a zone whose name the plan does not tell",
            )
        return name
    if name.token == zone or name.token.endswith("." + zone):
        return name
    token = f"{name.token}.{zone}"
    return KeyValue(token, shown(token, name.sensitive), sensitive=name.sensitive)


def _zone_name(graph: ResourceGraph, record: ResourceInstance) -> str | None:
    for edge in graph.edges_from(record.address):
        if edge.attribute == "zone_id":
            zone = graph.resource(edge.target)
            name = zone.values.get("name")
            if isinstance(name, str) and name and not marked_within(zone.unknown, "name"):
                return normalise(KeyKind.DOMAIN, name)
    return None
