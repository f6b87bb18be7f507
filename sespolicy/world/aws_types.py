"""What sespolicy knows about AWS resource types: one table, read by the graph, the Region
resolver, the step vocabulary, `sespolicy graph` and the provider twin.

For each type: whether its service is global (IAM, Route 53 …) or regional; the ARN service
that names it; the attributes whose literal value identifies one (a bucket name, a rule set
name), so another resource that spells the value out can be linked to it; and its *keys* —
the names by which rules join resources that never refer to each other (an identity policy and
the identity it is attached to, an MX record and the MAIL FROM domain it serves). Types not in
the table get facts derived from their name.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from importlib import resources

# -- global or regional --------------------------------------------------------------------

# Types whose service has no Region (IAM, Route 53, CloudFront, Organizations …).
_GLOBAL_PREFIXES = (
    "aws_iam_",
    "aws_route53_",
    "aws_cloudfront_",
    "aws_organizations_",
    "aws_budgets_",
    "aws_ce_",
    "aws_shield_",
    "aws_waf_",
    "aws_globalaccelerator_",
)
# Route 53 Resolver, Recovery Control … are regional despite the prefix.
_REGIONAL_EXCEPTIONS = ("aws_route53_resolver_", "aws_route53recoverycontrolconfig_")
_GLOBAL_TYPES = frozenset(
    {"aws_caller_identity", "aws_partition", "aws_canonical_user_id", "aws_billing_service_account"}
)


def is_aws_type(resource_type: str) -> bool:
    return resource_type.startswith("aws_")


def is_global_type(resource_type: str) -> bool:
    """No Region: the hashicorp/aws 6.x schema gives the type no per-resource `region` (the
    shipped ARN table lists them), or its service is global by name."""
    if resource_type in _GLOBAL_TYPES or resource_type in _arn_table()["global_types"]:
        return True
    if resource_type.startswith(_REGIONAL_EXCEPTIONS):
        return False
    return resource_type.startswith(_GLOBAL_PREFIXES)


# -- ARNs ----------------------------------------------------------------------------------

_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>[0-9]*|aws):(?P<resource>.+)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse_arn(text: str) -> Arn | None:
    if not text.startswith("arn:"):
        return None
    match = _ARN.match(text)
    if match is None:
        return None
    return Arn(**match.groupdict())


# The resource type an ARN names, so a literal ARN outside the plan can stand in the graph.
_ARN_SERVICE_TYPES = {
    "sns": "aws_sns_topic",
    "lambda": "aws_lambda_function",
    "kms": "aws_kms_key",
    "s3": "aws_s3_bucket",
    "ses": "aws_ses_identity",
    "firehose": "aws_kinesis_firehose_delivery_stream",
    "workmail": "aws_workmail_organization",
    "events": "aws_cloudwatch_event_bus",
    "mobiletargeting": "aws_pinpoint_app",
    "iam": "aws_iam_role",
    "secretsmanager": "aws_secretsmanager_secret",
}


def type_for_arn(arn: Arn) -> str:
    return _ARN_SERVICE_TYPES.get(arn.service, f"aws_{arn.service.replace('-', '_')}")


# -- ARN shapes: what an object's ARN looks like -------------------------------------------
# Data: sespolicy/data/arn-shapes.json (built by scripts/build_provider_data.py from
# scripts/provider_sources/aws-arn-shapes.json and the hashicorp/aws 6.x schema): the ARN
# service of every type-name prefix (longest prefix wins), the resource part for common types,
# and the types the 6.x provider treats as global. Read on first use only: the plan-only
# provider imports this module on start.

_NO_REGION = "no-region"
_NO_ACCOUNT = "no-account"


@dataclass(frozen=True)
class ArnShape:
    service: str  # ARN service namespace, e.g. "sns", "elasticloadbalancing"
    resource: str  # the resource part, with {placeholders} (see aws-arn-shapes.json)
    regional: bool  # the ARN names a Region
    has_account: bool  # the ARN names an account
    global_type: bool  # hashicorp/aws 6.x gives the type no per-resource Region (IAM, Route 53 …)

    def format(self, partition: str, region: str, account: str, values: dict[str, str]) -> str:
        """The ARN with placeholders filled from `values` (missing ones stay as written)."""
        resource = self.resource
        for key, value in values.items():
            resource = resource.replace("{" + key + "}", value)
        region_part = region if self.regional else ""
        account_part = account if self.has_account else ""
        return f"arn:{partition}:{self.service}:{region_part}:{account_part}:{resource}"


@functools.lru_cache(maxsize=1)
def _arn_table() -> dict:
    text = resources.files("sespolicy.data").joinpath("arn-shapes.json").read_text("utf-8")
    table = json.loads(text)
    table["global_types"] = frozenset(table.get("global_types", ()))
    # Longest prefix first, so aws_cloudwatch_log_ wins over aws_cloudwatch_.
    table["prefix_order"] = sorted(table["prefixes"], key=len, reverse=True)
    return table


def _arn_service(type_name: str) -> str:
    table = _arn_table()
    for prefix in table["prefix_order"]:
        if type_name.startswith(prefix):
            return table["prefixes"][prefix]
    parts = type_name.split("_")
    return parts[1] if len(parts) > 1 else type_name


def arn_shape(type_name: str) -> ArnShape:
    """The ARN shape of a resource or data source type (a generic one for uncommon types)."""
    table = _arn_table()
    service = _arn_service(type_name)
    global_type = type_name in table["global_types"]
    written = table["types"].get(type_name)
    flags: list[str] = []
    if isinstance(written, list):
        written, *flags = written
    if written is None:
        written = _generic_resource_part(type_name, service)
    return ArnShape(
        service=service,
        resource=written,
        regional=_NO_REGION not in flags and not global_type,
        has_account=_NO_ACCOUNT not in flags,
        global_type=global_type,
    )


def _generic_resource_part(type_name: str, service: str) -> str:
    """`aws_<service>_<kind>` -> `<kind>/{name}`, the most common ARN resource form."""
    table = _arn_table()
    kind = type_name
    for prefix in table["prefix_order"]:
        if type_name.startswith(prefix):
            kind = type_name[len(prefix) :]
            break
    else:
        kind = type_name.removeprefix(f"aws_{service}_")
    kind = kind.strip("_").replace("_", "-") or service
    return f"{kind}/{{name}}"



# -- keys: names by which rules join resources ---------------------------------------------


class KeyKind(str, Enum):
    """How a key's values compare."""

    IDENTITY = "identity"  # a domain or address; an identity ARN stands for its name
    DOMAIN = "domain"  # a DNS name: case-insensitive, trailing dot ignored
    NAME = "name"  # an exact name (rule sets, configuration sets)


@dataclass(frozen=True)
class KeySpec:
    name: str  # as a policy writes it: "identity", "MAIL FROM domain", "DNS name", …
    kind: KeyKind
    attributes: Mapping[str, str]  # resource type -> the attribute holding the key


_IDENTITY_DECLARATIONS = {
    "aws_ses_domain_identity": "domain",
    "aws_ses_email_identity": "email",
    "aws_sesv2_email_identity": "email_identity",
}

KEYS: dict[str, KeySpec] = {
    spec.name: spec
    for spec in (
        KeySpec(
            "identity",
            KeyKind.IDENTITY,
            {
                **_IDENTITY_DECLARATIONS,
                "aws_ses_domain_dkim": "domain",
                "aws_ses_domain_mail_from": "domain",
                "aws_ses_domain_identity_verification": "domain",
                "aws_ses_identity_notification_topic": "identity",
                "aws_ses_identity_policy": "identity",
                "aws_sesv2_email_identity_policy": "email_identity",
                "aws_sesv2_email_identity_mail_from_attributes": "email_identity",
                "aws_sesv2_email_identity_feedback_attributes": "email_identity",
            },
        ),
        KeySpec(
            "MAIL FROM domain",
            KeyKind.DOMAIN,
            {
                "aws_ses_domain_mail_from": "mail_from_domain",
                "aws_sesv2_email_identity_mail_from_attributes": "mail_from_domain",
            },
        ),
        # A Route 53 record's name may be relative to its zone: see world/keys.py.
        KeySpec(
            "DNS name",
            KeyKind.DOMAIN,
            {"aws_route53_record": "name", "aws_route53_zone": "name"},
        ),
        KeySpec(
            "rule set",
            KeyKind.NAME,
            {
                "aws_ses_receipt_rule_set": "rule_set_name",
                "aws_ses_active_receipt_rule_set": "rule_set_name",
                "aws_ses_receipt_rule": "rule_set_name",
            },
        ),
        KeySpec(
            "configuration set",
            KeyKind.NAME,
            {
                "aws_ses_configuration_set": "name",
                "aws_sesv2_configuration_set": "configuration_set_name",
                "aws_ses_event_destination": "configuration_set_name",
                "aws_sesv2_configuration_set_event_destination": "configuration_set_name",
                "aws_sesv2_email_identity": "configuration_set_name",
            },
        ),
    )
}


# -- per-type facts ------------------------------------------------------------------------

# Attributes whose literal value identifies a resource of that type, so that another
# resource naming the same value (a bucket name, a rule set name) can be linked to it.
# Every type is also identified by its `arn` and `id`.
_IDENTIFYING_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "aws_s3_bucket": ("bucket",),
    "aws_ses_receipt_rule_set": ("rule_set_name",),
    "aws_ses_domain_identity": ("domain",),
    "aws_ses_email_identity": ("email",),
    "aws_sesv2_email_identity": ("email_identity",),
    "aws_ses_configuration_set": ("name",),
    "aws_sesv2_configuration_set": ("configuration_set_name",),
    "aws_lambda_function": ("function_name",),
    "aws_kms_key": ("key_id",),
    "aws_kms_alias": ("name",),
    "aws_sns_topic": (),
    "aws_route53_zone": ("zone_id",),
    "aws_iam_user": ("name",),
    "aws_iam_access_key": (),
    "aws_secretsmanager_secret": ("name",),
}
ALWAYS_IDENTIFYING = ("arn", "id")

# Services whose resources an SES rule can touch: SES itself and what it points at or
# publishes through (notifications, receiving actions, DNS, SMTP credentials and where they go).
_SES_RELEVANT_PREFIXES = (
    "aws_ses_",
    "aws_sesv2_",
    "aws_sns_",
    "aws_s3_bucket",
    "aws_kms_",
    "aws_lambda_",
    "aws_workmail_",
    "aws_iam_access_key",
    "aws_route53_record",
    "aws_route53_zone",
    "aws_secretsmanager_",
    "aws_kinesis_firehose_",
    "aws_cloudwatch_event_bus",
    "aws_pinpoint_app",
)


@dataclass(frozen=True)
class TypeFacts:
    name: str
    is_aws: bool
    is_global: bool
    # Attributes (besides arn and id) whose literal value names a resource of this type; None
    # when the table says nothing (then only `arn` identifies one).
    identifiers: tuple[str, ...] | None
    # Key name -> the attribute holding it, e.g. {"identity": "domain"}.
    keys: Mapping[str, str] = field(default_factory=dict)
    ses_relevant: bool = False

    @property
    def declares_identity(self) -> bool:
        return self.name in _IDENTITY_DECLARATIONS

    @property
    def identifying_attributes(self) -> tuple[str, ...]:
        """Every attribute whose literal value another resource may use to name this one."""
        if self.identifiers is None:
            return ("arn",)
        return (*ALWAYS_IDENTIFYING, *self.identifiers)

    @property
    def own_names(self) -> frozenset[str]:
        """Attributes by which a resource names itself: never a link to another resource."""
        return frozenset(self.identifiers or ()) | {"arn", "id", "tags", "tags_all"}


@lru_cache(maxsize=4096)
def facts(resource_type: str) -> TypeFacts:
    """The table's facts for a type (memoised: rules and the graph ask per resource)."""
    return TypeFacts(
        name=resource_type,
        is_aws=is_aws_type(resource_type),
        is_global=is_global_type(resource_type),
        identifiers=_IDENTIFYING_ATTRIBUTES.get(resource_type),
        keys={
            spec.name: spec.attributes[resource_type]
            for spec in KEYS.values()
            if resource_type in spec.attributes
        },
        ses_relevant=resource_type.startswith(_SES_RELEVANT_PREFIXES),
    )


def identity_declaration_types() -> tuple[str, ...]:
    """The types that declare an SES identity (domain or email address)."""
    return tuple(_IDENTITY_DECLARATIONS)
