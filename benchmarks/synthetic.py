"""A synthetic Terraform plan of any size, shaped like `terraform show -json` output (1.2).

The plan is built from "units" of about 35 resources that belong together the way SES setups do,
chosen so that every rule of the catalog selects something: a domain identity with DKIM (and its
three CNAME records), MAIL FROM (MX and SPF records), verification, a notification topic and a
sending authorization policy; an SESv2 email identity with its configuration set, event
destination, MAIL FROM, feedback and policy settings; a v1 configuration set and event
destination; a receipt rule with every action (S3 with KMS, SNS, Lambda with its permission,
WorkMail, bounce, stop) and the inbound MX record it serves; an IAM access key whose SMTP
password goes into a secret; and three resources no SES rule looks at. Three consecutive units
share a domain (and its Route 53 zone), so identities are declared in three Regions. Each
provider Region has a rule set, its active rule set and suppression settings. Units rotate over
three placements so Regions come from every provider configuration: root resources on the
default provider, root resources with `provider = aws.us`, and module calls whose resources
carry `provider_config_key: "aws.eu"`.
Every resource appears in `resource_changes`, `planned_values` and `configuration`, so loading
the plan exercises the same paths as a real one. The same (resource_count, seed) always gives
the same plan.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = "1.2"
TERRAFORM_VERSION = "1.11.4"
PROVIDER_NAME = "registry.terraform.io/hashicorp/aws"
ACCOUNT = "123456789012"

# provider_config key -> Region. The default provider plus two aliases.
PROVIDER_REGIONS: dict[str, str] = {
    "aws": "us-east-1",
    "aws.us": "us-west-2",
    "aws.eu": "eu-west-1",
}
RULE_SET_NAMES: dict[str, str] = {"aws": "inbound", "aws.us": "inbound-us", "aws.eu": "inbound-eu"}


@dataclass
class PlannedResource:
    """One resource as the three parts of a plan see it."""

    type: str
    name: str
    after: dict[str, Any]
    expressions: dict[str, Any]
    after_unknown: dict[str, Any] = field(default_factory=dict)
    after_sensitive: dict[str, Any] = field(default_factory=dict)


def _ref(address: str, attribute: str) -> dict[str, list[str]]:
    """A configuration expression that reads `address.attribute`, as Terraform records it."""
    return {"references": [f"{address}.{attribute}", address]}


def _const(value: Any) -> dict[str, Any]:
    return {"constant_value": value}


@dataclass
class _Placement:
    provider_key: str
    module_name: str | None  # None: root module

    @property
    def region(self) -> str:
        return PROVIDER_REGIONS[self.provider_key]


_UNKNOWN_ID = {"arn": True, "id": True}
_TAGS = {"tags_all": True}


def _policy(region: str, identity: str) -> str:
    """A sending authorization policy naming the identity in its own Region."""
    return (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},'
        f'"Action":["ses:SendEmail"],"Resource":"arn:aws:ses:{region}:{ACCOUNT}:identity/'
        f'{identity}"}}]}}'
    )


def _unit(n: int, placement: _Placement, rng: random.Random) -> list[PlannedResource]:
    """One mail setup in one Region, touching every rule of the catalog.

    Three consecutive units (one per placement) share a domain, so identities are declared in
    three Regions and the cross-Region rules (DKIM everywhere, notifications everywhere) have
    something to compare; the first of them also declares the group's Route 53 zone.
    """
    region = placement.region
    group = n // 3
    domain = f"g{group}.example.com"
    mail_from = f"mail{n}.{domain}"
    inbound = f"in{n}.{domain}"
    email = f"team{n}@{domain}"
    bucket = f"example-inbound-{n}-{region}"
    in_module = placement.module_name is not None
    rule_set = RULE_SET_NAMES[placement.provider_key]
    zone_id = f"Z{group:020d}"
    # Now and then a receipt rule notifies a topic outside the plan, by literal ARN.
    external_topic = rng.random() < 0.1
    topic_arn_value = f"arn:aws:sns:{region}:{ACCOUNT}:external-{n}"
    topic = f"aws_sns_topic.t{n}"
    topic_ref = _ref(topic, "arn")
    rule_set_expr = (
        _const(rule_set)  # module resources name the rule set by literal, as modules often do
        if in_module
        else _ref(f"aws_ses_receipt_rule_set.{_rule_set_resource(placement.provider_key)}",
                  "rule_set_name")
    )
    identity = f"aws_ses_domain_identity.d{n}"
    dkim = f"aws_ses_domain_dkim.dk{n}"
    zone_ref = (
        _ref(f"aws_route53_zone.z{group}", "zone_id") if n % 3 == 0 and not in_module
        else _const(zone_id)
    )
    resources: list[PlannedResource] = [
        PlannedResource(
            "aws_ses_domain_identity", f"d{n}",
            {"domain": domain, "region": region},
            {"domain": _const(domain)},
            {**_UNKNOWN_ID, "verification_token": True},
        ),
        PlannedResource(
            "aws_ses_domain_identity_verification", f"v{n}",
            {"domain": domain, "region": region},
            {"domain": _ref(identity, "domain")},
            {**_UNKNOWN_ID},
        ),
        PlannedResource(
            "aws_ses_domain_dkim", f"dk{n}",
            {"domain": domain, "region": region},
            {"domain": _ref(identity, "domain")},
            {"dkim_tokens": True, "id": True},
        ),
        *[
            PlannedResource(
                "aws_route53_record", f"dkim{n}_{i}",
                {"type": "CNAME", "ttl": 600, "zone_id": zone_id},
                {"name": {"references": [f"{dkim}.dkim_tokens[{i}]", f"{dkim}.dkim_tokens",
                                         dkim]},
                 "records": {"references": [f"{dkim}.dkim_tokens[{i}]",
                                            f"{dkim}.dkim_tokens", dkim]},
                 "type": _const("CNAME"), "ttl": _const(600), "zone_id": zone_ref},
                {"name": True, "records": True, "fqdn": True, "id": True},
            )
            for i in range(3)
        ],
        PlannedResource(
            "aws_ses_domain_mail_from", f"mf{n}",
            {"domain": domain, "mail_from_domain": mail_from, "region": region,
             "behavior_on_mx_failure": "UseDefaultValue"},
            {"domain": _ref(identity, "domain"), "mail_from_domain": _const(mail_from)},
            {"id": True},
        ),
        PlannedResource(
            "aws_route53_record", f"mfmx{n}",
            {"name": mail_from, "type": "MX", "ttl": 600, "zone_id": zone_id,
             "records": [f"10 feedback-smtp.{region}.amazonses.com"]},
            {"name": _ref(f"aws_ses_domain_mail_from.mf{n}", "mail_from_domain"),
             "type": _const("MX"), "ttl": _const(600), "zone_id": zone_ref,
             "records": _const([f"10 feedback-smtp.{region}.amazonses.com"])},
            {"fqdn": True, "id": True, "records": [False]},
        ),
        PlannedResource(
            "aws_route53_record", f"mfspf{n}",
            {"name": mail_from, "type": "TXT", "ttl": 600, "zone_id": zone_id,
             "records": ["v=spf1 include:amazonses.com ~all"]},
            {"name": _ref(f"aws_ses_domain_mail_from.mf{n}", "mail_from_domain"),
             "type": _const("TXT"), "ttl": _const(600), "zone_id": zone_ref,
             "records": _const(["v=spf1 include:amazonses.com ~all"])},
            {"fqdn": True, "id": True, "records": [False]},
        ),
        PlannedResource(
            "aws_sns_topic", f"t{n}",
            {"name": f"mail-events-{n}", "region": region, "fifo_topic": False, "tags": None,
             "kms_master_key_id": None, "display_name": None},
            {"name": _const(f"mail-events-{n}")},
            {**_UNKNOWN_ID, "owner": True, "policy": True, **_TAGS},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_ses_identity_notification_topic", f"n{n}",
            {"identity": domain, "include_original_headers": True,
             "notification_type": "Bounce", "region": region},
            {"identity": _ref(identity, "domain"), "notification_type": _const("Bounce"),
             "include_original_headers": _const(True), "topic_arn": topic_ref},
            {"id": True, "topic_arn": True},
        ),
        PlannedResource(
            "aws_ses_identity_policy", f"p{n}",
            {"name": f"delegate-{n}", "policy": _policy(region, domain), "region": region},
            {"name": _const(f"delegate-{n}"), "identity": _ref(identity, "arn"),
             "policy": _const(_policy(region, domain))},
            {"id": True, "identity": True},
        ),
        PlannedResource(
            "aws_sesv2_configuration_set", f"cs{n}",
            {"configuration_set_name": f"cs-{n}", "region": region},
            {"configuration_set_name": _const(f"cs-{n}")},
            {**_UNKNOWN_ID, **_TAGS},
        ),
        PlannedResource(
            "aws_sesv2_email_identity", f"e{n}",
            {"email_identity": email, "configuration_set_name": f"cs-{n}", "region": region},
            {"email_identity": _const(email),
             "configuration_set_name": _ref(f"aws_sesv2_configuration_set.cs{n}",
                                            "configuration_set_name")},
            {**_UNKNOWN_ID, "dkim_signing_attributes": True, "identity_type": True, **_TAGS},
        ),
        PlannedResource(
            "aws_sesv2_email_identity_mail_from_attributes", f"emf{n}",
            {"email_identity": email, "mail_from_domain": f"bounce{n}.{domain}",
             "behavior_on_mx_failure": "USE_DEFAULT_VALUE", "region": region},
            {"email_identity": _ref(f"aws_sesv2_email_identity.e{n}", "email_identity"),
             "mail_from_domain": _const(f"bounce{n}.{domain}")},
            {"id": True},
        ),
        PlannedResource(
            "aws_sesv2_email_identity_feedback_attributes", f"efb{n}",
            {"email_identity": email, "email_forwarding_enabled": True, "region": region},
            {"email_identity": _ref(f"aws_sesv2_email_identity.e{n}", "email_identity"),
             "email_forwarding_enabled": _const(True)},
            {"id": True},
        ),
        PlannedResource(
            "aws_sesv2_email_identity_policy", f"ep{n}",
            {"email_identity": email, "policy_name": f"delegate-{n}",
             "policy": _policy(region, email), "region": region},
            {"email_identity": _ref(f"aws_sesv2_email_identity.e{n}", "email_identity"),
             "policy_name": _const(f"delegate-{n}"), "policy": _const(_policy(region, email))},
            {"id": True},
        ),
        PlannedResource(
            "aws_sesv2_configuration_set_event_destination", f"ed{n}",
            {"configuration_set_name": f"cs-{n}", "event_destination_name": "sns",
             "region": region,
             "event_destination": [{"enabled": True, "matching_event_types": ["BOUNCE"],
                                    "sns_destination": [{}]}]},
            {"configuration_set_name": _ref(f"aws_sesv2_configuration_set.cs{n}",
                                            "configuration_set_name"),
             "event_destination_name": _const("sns"),
             "event_destination": [{"matching_event_types": _const(["BOUNCE"]),
                                    "sns_destination": [{"topic_arn": topic_ref}]}]},
            {"id": True, "event_destination": [{"sns_destination": [{"topic_arn": True}]}]},
        ),
        PlannedResource(
            "aws_ses_configuration_set", f"ocs{n}",
            {"name": f"ocs-{n}", "region": region},
            {"name": _const(f"ocs-{n}")},
            {**_UNKNOWN_ID},
        ),
        PlannedResource(
            "aws_ses_event_destination", f"oed{n}",
            {"name": "sns", "configuration_set_name": f"ocs-{n}", "enabled": True,
             "matching_types": ["bounce"], "region": region, "sns_destination": [{}]},
            {"name": _const("sns"),
             "configuration_set_name": _ref(f"aws_ses_configuration_set.ocs{n}", "name"),
             "enabled": _const(True), "matching_types": _const(["bounce"]),
             "sns_destination": [{"topic_arn": topic_ref}]},
            {**_UNKNOWN_ID, "sns_destination": [{"topic_arn": True}]},
        ),
        PlannedResource(
            "aws_s3_bucket", f"b{n}",
            {"bucket": bucket, "force_destroy": False, "region": region, "tags": None},
            {"bucket": _const(bucket)},
            {**_UNKNOWN_ID, "bucket_domain_name": True, "bucket_region": True, "policy": True,
             **_TAGS, "versioning": True},
            {"tags_all": {}, "versioning": []},
        ),
        PlannedResource(
            "aws_kms_key", f"k{n}",
            {"description": f"Mail key {n}", "enable_key_rotation": True, "is_enabled": True,
             "key_usage": "ENCRYPT_DECRYPT", "region": region, "tags": None},
            {"description": _const(f"Mail key {n}"), "enable_key_rotation": _const(True)},
            {**_UNKNOWN_ID, "key_id": True, "policy": True, **_TAGS},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_lambda_function", f"f{n}",
            {"function_name": f"inbound-{n}", "runtime": "python3.12", "handler": "main.handler",
             "region": region},
            {"function_name": _const(f"inbound-{n}"), "runtime": _const("python3.12"),
             "handler": _const("main.handler")},
            {**_UNKNOWN_ID, "invoke_arn": True, "qualified_arn": True, **_TAGS},
        ),
        PlannedResource(
            "aws_lambda_permission", f"lp{n}",
            {"action": "lambda:InvokeFunction", "principal": "ses.amazonaws.com",
             "function_name": f"inbound-{n}", "region": region},
            {"action": _const("lambda:InvokeFunction"), "principal": _const("ses.amazonaws.com"),
             "function_name": _ref(f"aws_lambda_function.f{n}", "function_name")},
            {"id": True, "statement_id": True},
        ),
        PlannedResource(
            "aws_ses_receipt_rule", f"r{n}",
            {"name": f"rule-{n}", "enabled": True, "recipients": [inbound],
             "region": region, "rule_set_name": rule_set, "scan_enabled": True,
             "s3_action": [{"bucket_name": bucket, "iam_role_arn": None,
                            "object_key_prefix": f"{n}/", "position": 1}],
             "sns_action": ([{"encoding": "UTF-8", "position": 2, "topic_arn": topic_arn_value}]
                            if external_topic else [{"encoding": "UTF-8", "position": 2}]),
             "lambda_action": [{"invocation_type": "Event", "position": 3}],
             "workmail_action": [{"organization_arn":
                                  f"arn:aws:workmail:{region}:{ACCOUNT}:organization/m-{n:08d}",
                                  "position": 4}],
             "bounce_action": [{"message": "Gone", "sender": f"noreply@{domain}",
                                "smtp_reply_code": "550", "position": 5}],
             "stop_action": [{"scope": "RuleSet", "position": 6}],
             "add_header_action": []},
            {"name": _const(f"rule-{n}"), "enabled": _const(True),
             "recipients": _const([inbound]), "rule_set_name": rule_set_expr,
             "scan_enabled": _const(True),
             "s3_action": [{"bucket_name": _ref(f"aws_s3_bucket.b{n}", "bucket"),
                            "kms_key_arn": _ref(f"aws_kms_key.k{n}", "arn"),
                            "topic_arn": topic_ref,
                            "object_key_prefix": _const(f"{n}/"), "position": _const(1)}],
             "sns_action": [{"encoding": _const("UTF-8"), "position": _const(2),
                             "topic_arn": _const(topic_arn_value) if external_topic
                             else topic_ref}],
             "lambda_action": [{"function_arn": _ref(f"aws_lambda_function.f{n}", "arn"),
                                "topic_arn": topic_ref, "invocation_type": _const("Event"),
                                "position": _const(3)}],
             "workmail_action": [{"organization_arn": _const(
                                     f"arn:aws:workmail:{region}:{ACCOUNT}:organization/"
                                     f"m-{n:08d}"),
                                  "topic_arn": topic_ref, "position": _const(4)}],
             "bounce_action": [{"message": _const("Gone"),
                                "sender": _const(f"noreply@{domain}"),
                                "smtp_reply_code": _const("550"), "topic_arn": topic_ref,
                                "position": _const(5)}],
             "stop_action": [{"scope": _const("RuleSet"), "topic_arn": topic_ref,
                              "position": _const(6)}]},
            {**_UNKNOWN_ID, "recipients": [False],
             "s3_action": [{"kms_key_arn": True, "topic_arn": True}],
             "sns_action": [{}] if external_topic else [{"topic_arn": True}],
             "lambda_action": [{"function_arn": True, "topic_arn": True}],
             "workmail_action": [{"topic_arn": True}],
             "bounce_action": [{"topic_arn": True}], "stop_action": [{"topic_arn": True}]},
            {"recipients": [False], "s3_action": [{}], "sns_action": [{}]},
        ),
        PlannedResource(
            "aws_route53_record", f"mx{n}",
            {"name": inbound, "type": "MX", "ttl": 300, "zone_id": zone_id,
             "records": [f"10 inbound-smtp.{region}.amazonaws.com"]},
            {"name": _const(inbound), "type": _const("MX"), "ttl": _const(300),
             "zone_id": zone_ref,
             "records": _const([f"10 inbound-smtp.{region}.amazonaws.com"])},
            {"fqdn": True, "id": True, "records": [False]},
            {"records": [False]},
        ),
        PlannedResource(
            "aws_iam_access_key", f"ak{n}",
            {"user": f"smtp-{n}", "status": "Active"},
            {"user": _const(f"smtp-{n}")},
            {"id": True, "secret": True, "ses_smtp_password_v4": True},
            {"secret": True, "ses_smtp_password_v4": True},
        ),
        PlannedResource(
            "aws_secretsmanager_secret", f"s{n}",
            {"name": f"smtp-{n}", "region": region},
            {"name": _const(f"smtp-{n}")},
            {**_UNKNOWN_ID, **_TAGS},
        ),
        PlannedResource(
            "aws_secretsmanager_secret_version", f"sv{n}",
            {"region": region},
            {"secret_id": _ref(f"aws_secretsmanager_secret.s{n}", "id"),
             "secret_string": _ref(f"aws_iam_access_key.ak{n}", "ses_smtp_password_v4")},
            {"arn": True, "id": True, "secret_id": True, "secret_string": True,
             "version_id": True},
            {"secret_string": True},
        ),
        # Resources no SES rule reads: plans are mostly these.
        PlannedResource(
            "aws_iam_role", f"role{n}",
            {"name": f"app-{n}", "path": "/", "max_session_duration": 3600,
             "assume_role_policy": '{"Version":"2012-10-17","Statement":[]}'},
            {"name": _const(f"app-{n}"), "assume_role_policy": _const("{}")},
            {**_UNKNOWN_ID, "unique_id": True, **_TAGS},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_cloudwatch_log_group", f"logs{n}",
            {"name": f"/app/{n}", "retention_in_days": 30, "region": region},
            {"name": _const(f"/app/{n}"), "retention_in_days": _const(30)},
            {**_UNKNOWN_ID, **_TAGS},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_sqs_queue", f"q{n}",
            {"name": f"jobs-{n}", "region": region, "delay_seconds": 0,
             "message_retention_seconds": rng.choice([86400, 345600, 1209600])},
            {"name": _const(f"jobs-{n}")},
            {**_UNKNOWN_ID, "url": True, "policy": True, **_TAGS},
            {"tags_all": {}},
        ),
    ]
    if n % 3 == 0 and not in_module:
        resources.append(
            PlannedResource(
                "aws_route53_zone", f"z{group}",
                {"name": domain, "force_destroy": False},
                {"name": _const(domain)},
                {"arn": True, "id": True, "zone_id": True, "name_servers": True, **_TAGS},
            )
        )
    return resources


def _rule_set_resource(provider_key: str) -> str:
    return {"aws": "main", "aws.us": "us", "aws.eu": "eu"}[provider_key]


def _placement(n: int) -> _Placement:
    """Rotate units over root/default, root/aws.us and a module on aws.eu."""
    choice = n % 3
    if choice == 0:
        return _Placement("aws", None)
    if choice == 1:
        return _Placement("aws.us", None)
    return _Placement("aws.eu", f"mail_{n}")


def _rule_sets() -> list[tuple[_Placement, PlannedResource]]:
    """Per provider Region: its rule set, the active rule set naming it, and the account's
    suppression settings (the same reasons everywhere)."""
    placed: list[tuple[_Placement, PlannedResource]] = []
    for key, name in RULE_SET_NAMES.items():
        placement = _Placement(key, None)
        region = PROVIDER_REGIONS[key]
        local = _rule_set_resource(key)
        placed += [
            (placement, PlannedResource(
                "aws_ses_receipt_rule_set", local,
                {"rule_set_name": name, "region": region},
                {"rule_set_name": _const(name)},
                {"arn": True, "id": True},
            )),
            (placement, PlannedResource(
                "aws_ses_active_receipt_rule_set", local,
                {"rule_set_name": name, "region": region},
                {"rule_set_name": _ref(f"aws_ses_receipt_rule_set.{local}", "rule_set_name")},
                {"arn": True, "id": True},
            )),
            (placement, PlannedResource(
                "aws_sesv2_account_suppression_attributes", local,
                {"suppressed_reasons": ["BOUNCE", "COMPLAINT"], "region": region},
                {"suppressed_reasons": _const(["BOUNCE", "COMPLAINT"])},
                {"id": True},
            )),
        ]
    return placed


def _filler(index: int, placement: _Placement) -> PlannedResource:
    return PlannedResource(
        "aws_cloudwatch_log_group", f"extra{index}",
        {"name": f"/extra/{index}", "retention_in_days": 7, "region": placement.region},
        {"name": _const(f"/extra/{index}")},
        {"arn": True, "id": True, "tags_all": True},
        {"tags_all": {}},
    )


def make_plan(resource_count: int, seed: int = 0) -> dict[str, Any]:
    """A plan with exactly `resource_count` managed resources (at least the 3 rule sets)."""
    rng = random.Random(seed)
    placed: list[tuple[_Placement, PlannedResource]] = _rule_sets()
    n = 0
    while True:
        placement = _placement(n)
        unit = _unit(n, placement, rng)
        if len(placed) + len(unit) > resource_count:
            break
        placed.extend((placement, resource) for resource in unit)
        n += 1
    default = _Placement("aws", None)
    for index in range(max(0, resource_count - len(placed))):
        placed.append((default, _filler(index, default)))
    return _assemble(placed)


def _assemble(placed: list[tuple[_Placement, PlannedResource]]) -> dict[str, Any]:
    root_values: list[dict[str, Any]] = []
    root_config: list[dict[str, Any]] = []
    module_values: dict[str, list[dict[str, Any]]] = {}
    module_config: dict[str, list[dict[str, Any]]] = {}
    changes: list[dict[str, Any]] = []
    for placement, resource in placed:
        local = f"{resource.type}.{resource.name}"
        module = placement.module_name
        module_address = f"module.{module}" if module else None
        address = f"{module_address}.{local}" if module_address else local
        values_entry = {
            "address": address, "mode": "managed", "type": resource.type,
            "name": resource.name, "provider_name": PROVIDER_NAME, "schema_version": 0,
            "values": resource.after, "sensitive_values": resource.after_sensitive,
        }
        config_entry: dict[str, Any] = {
            "address": local, "mode": "managed", "type": resource.type, "name": resource.name,
            "provider_config_key": placement.provider_key, "expressions": resource.expressions,
            "schema_version": 0,
        }
        change: dict[str, Any] = {
            "address": address, "mode": "managed", "type": resource.type,
            "name": resource.name, "provider_name": PROVIDER_NAME,
            "change": {
                "actions": ["create"], "before": None, "after": resource.after,
                "after_unknown": resource.after_unknown, "before_sensitive": False,
                "after_sensitive": resource.after_sensitive,
            },
        }
        if module:
            change["module_address"] = module_address
            module_values.setdefault(module, []).append(values_entry)
            module_config.setdefault(module, []).append(config_entry)
        else:
            root_values.append(values_entry)
            root_config.append(config_entry)
        changes.append(change)
    return {
        "format_version": FORMAT_VERSION,
        "terraform_version": TERRAFORM_VERSION,
        "variables": {"mail_domain": {"value": "example.com"}},
        "planned_values": {
            "root_module": {
                "resources": root_values,
                "child_modules": [
                    {"resources": entries, "address": f"module.{module}"}
                    for module, entries in module_values.items()
                ],
            }
        },
        "resource_changes": changes,
        "configuration": {
            "provider_config": _provider_config(),
            "root_module": {
                "resources": root_config,
                "module_calls": {
                    module: {
                        "source": "./modules/mail_unit",
                        "expressions": {"domain": {"references": ["var.mail_domain"]}},
                        "module": {"resources": entries,
                                   "variables": {"domain": {"description": "Mail domain."}}},
                    }
                    for module, entries in module_config.items()
                },
                "variables": {"mail_domain": {"default": "example.com"}},
            },
        },
        "timestamp": "2026-01-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def _provider_config() -> dict[str, Any]:
    config: dict[str, Any] = {}
    for key, region in PROVIDER_REGIONS.items():
        entry: dict[str, Any] = {
            "name": "aws", "full_name": PROVIDER_NAME, "version_constraint": "~> 6.0",
            "expressions": {"region": _const(region)},
        }
        if "." in key:
            entry["alias"] = key.split(".", 1)[1]
        config[key] = entry
    return config


def parse_sizes(text: str) -> list[int]:
    """The --sizes option of the benchmark scripts: comma-separated resource counts."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        message = f"{text!r} is not a comma-separated list of counts"
        raise argparse.ArgumentTypeError(message) from None
    if not sizes or min(sizes) < 3:
        raise argparse.ArgumentTypeError("sizes must be counts of at least 3 resources")
    return sizes
