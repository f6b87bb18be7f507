"""Facts about AWS resource types and ARNs that the graph and the Region resolver share."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    if resource_type in _GLOBAL_TYPES:
        return True
    if resource_type.startswith(_REGIONAL_EXCEPTIONS):
        return False
    return resource_type.startswith(_GLOBAL_PREFIXES)


_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>[0-9]*|aws):(?P<resource>.+)$"
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


# Attributes whose literal value identifies a resource of that type, so that another
# resource naming the same value (a bucket name, a rule set name) can be linked to it.
IDENTIFYING_ATTRIBUTES: dict[str, tuple[str, ...]] = {
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
