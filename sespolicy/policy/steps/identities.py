"""SES identities by name: which resources declare one, and which bind to one."""

from __future__ import annotations

from collections import defaultdict

from sespolicy.world.attribute_paths import is_marked
from sespolicy.world.aws_types import parse_arn
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.model import ResourceInstance

# Resource type -> the attribute holding the identity it declares.
IDENTITY_ATTRIBUTE = {
    "aws_ses_domain_identity": "domain",
    "aws_ses_email_identity": "email",
    "aws_sesv2_email_identity": "email_identity",
}
# Resource type -> the attribute naming the identity it configures.
BINDING_ATTRIBUTE = {
    "aws_ses_domain_dkim": "domain",
    "aws_ses_domain_mail_from": "domain",
    "aws_ses_domain_identity_verification": "domain",
    "aws_ses_identity_notification_topic": "identity",
    "aws_ses_identity_policy": "identity",
    "aws_sesv2_email_identity_policy": "email_identity",
    "aws_sesv2_email_identity_mail_from_attributes": "email_identity",
    "aws_sesv2_email_identity_feedback_attributes": "email_identity",
}


def normalise_identity(text: str) -> str:
    """An identity's name from a name or an identity ARN, compared case-insensitively."""
    arn = parse_arn(text)
    if arn is not None and arn.resource.startswith("identity/"):
        text = arn.resource.split("/", 1)[1]
    return text.strip().rstrip(".").lower()


def identity_name(graph: ResourceGraph, resource: ResourceInstance) -> str | None:
    """The identity a resource declares or binds to, or None when the plan does not tell."""
    cache = graph.cache.setdefault("identity_names", {})
    assert isinstance(cache, dict)
    if resource.address not in cache:
        cache[resource.address] = _identity_name(graph, resource)
    return cache[resource.address]


def _identity_name(graph: ResourceGraph, resource: ResourceInstance) -> str | None:
    attribute = IDENTITY_ATTRIBUTE.get(resource.type) or BINDING_ATTRIBUTE.get(resource.type)
    if attribute is None:
        return None
    value = resource.values.get(attribute)
    if isinstance(value, str) and value and not is_marked(resource.unknown, attribute):
        return normalise_identity(value)
    # Unknown until apply: the reference itself may name a declared identity.
    for edge in graph.edges_from(resource.address):
        if edge.attribute == attribute:
            target = graph.resource(edge.target)
            if target.type in IDENTITY_ATTRIBUTE:
                named = target.values.get(IDENTITY_ATTRIBUTE[target.type])
                if isinstance(named, str) and named:
                    return normalise_identity(named)
    return None


class IdentityIndex:
    """Where each identity name is declared, built once per graph."""

    def __init__(self, graph: ResourceGraph) -> None:
        self.regions: dict[str, dict[str | None, list[str]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.bindings: dict[str, list[str]] = defaultdict(list)
        for resource in graph.resources():
            if resource.mode == "external":
                continue
            name = identity_name(graph, resource)
            if name is None:
                continue
            if resource.type in IDENTITY_ATTRIBUTE:
                self.regions[name][graph.region(resource.address).region].append(resource.address)
            else:
                self.bindings[name].append(resource.address)

    def declared_in(self, name: str) -> dict[str | None, list[str]]:
        return self.regions.get(name, {})


def identity_index(graph: ResourceGraph) -> IdentityIndex:
    index = graph.cache.get("identities")
    if not isinstance(index, IdentityIndex):
        index = graph.cache["identities"] = IdentityIndex(graph)
    return index
