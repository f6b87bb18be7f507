"""A synthetic Terraform plan of any size, shaped like `terraform show -json` output (1.2).

The plan is built from "units" of ten resources that belong together the way SES setups do:
a domain identity with its notification topic, an SNS topic, an S3 bucket, a KMS key, a receipt
rule writing to the bucket (encrypted with the key) and notifying the topic, a Route 53 record,
and three resources no SES rule looks at. Units rotate over three placements so Regions come
from every provider configuration: root resources on the default provider, root resources with
`provider = aws.us`, and module calls whose resources carry `provider_config_key: "aws.eu"`.
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
RESOURCES_PER_UNIT = 10


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


def _unit(n: int, placement: _Placement, rng: random.Random) -> list[PlannedResource]:
    region = placement.region
    domain = f"d{n}.example.com"
    topic_name = f"mail-events-{n}"
    bucket = f"example-inbound-{n}-{region}"
    in_module = placement.module_name is not None
    rule_set = RULE_SET_NAMES[placement.provider_key]
    # Now and then a receipt rule notifies a topic outside the plan, by literal ARN.
    external_topic = rng.random() < 0.1
    topic_arn_value = f"arn:aws:sns:{region}:{ACCOUNT}:external-{n}"
    topic_expr = (
        _const(topic_arn_value) if external_topic else _ref(f"aws_sns_topic.t{n}", "arn")
    )
    sns_action_expr = {"encoding": _const("UTF-8"), "position": _const(2), "topic_arn": topic_expr}
    rule_set_expr = (
        _const(rule_set)  # module resources name the rule set by literal, as modules often do
        if in_module
        else _ref(f"aws_ses_receipt_rule_set.{_rule_set_resource(placement.provider_key)}",
                  "rule_set_name")
    )
    unknown_arn = {"arn": True, "id": True}
    return [
        PlannedResource(
            "aws_ses_domain_identity", f"d{n}",
            {"domain": domain, "region": region},
            {"domain": _const(domain)},
            {"arn": True, "id": True, "verification_token": True},
        ),
        PlannedResource(
            "aws_sns_topic", f"t{n}",
            {"name": topic_name, "region": region, "fifo_topic": False, "tags": None,
             "kms_master_key_id": None, "display_name": None},
            {"name": _const(topic_name)},
            {**unknown_arn, "owner": True, "policy": True, "tags_all": True},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_ses_identity_notification_topic", f"n{n}",
            {"identity": domain, "include_original_headers": True,
             "notification_type": "Bounce", "region": region},
            {"identity": _ref(f"aws_ses_domain_identity.d{n}", "domain"),
             "notification_type": _const("Bounce"),
             "include_original_headers": _const(True),
             "topic_arn": _ref(f"aws_sns_topic.t{n}", "arn")},
            {"id": True, "topic_arn": True},
        ),
        PlannedResource(
            "aws_s3_bucket", f"b{n}",
            {"bucket": bucket, "force_destroy": False, "region": region, "tags": None},
            {"bucket": _const(bucket)},
            {**unknown_arn, "bucket_domain_name": True, "bucket_region": True, "policy": True,
             "tags_all": True, "versioning": True},
            {"tags_all": {}, "versioning": []},
        ),
        PlannedResource(
            "aws_kms_key", f"k{n}",
            {"description": f"Mail key {n}", "enable_key_rotation": True, "is_enabled": True,
             "key_usage": "ENCRYPT_DECRYPT", "region": region, "tags": None},
            {"description": _const(f"Mail key {n}"), "enable_key_rotation": _const(True)},
            {**unknown_arn, "key_id": True, "policy": True, "tags_all": True},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_ses_receipt_rule", f"r{n}",
            {"name": f"rule-{n}", "enabled": True, "recipients": [f"inbox@{domain}"],
             "region": region, "rule_set_name": rule_set, "scan_enabled": True,
             "s3_action": [{"bucket_name": bucket, "iam_role_arn": None,
                            "object_key_prefix": f"{n}/", "position": 1, "topic_arn": None}],
             "sns_action": ([{"encoding": "UTF-8", "position": 2, "topic_arn": topic_arn_value}]
                            if external_topic else [{"encoding": "UTF-8", "position": 2}]),
             "bounce_action": [], "lambda_action": [], "stop_action": [],
             "add_header_action": [], "workmail_action": []},
            {"name": _const(f"rule-{n}"), "enabled": _const(True),
             "recipients": _const([f"inbox@{domain}"]), "rule_set_name": rule_set_expr,
             "scan_enabled": _const(True),
             "s3_action": [{"bucket_name": _ref(f"aws_s3_bucket.b{n}", "bucket"),
                            "kms_key_arn": _ref(f"aws_kms_key.k{n}", "arn"),
                            "object_key_prefix": _const(f"{n}/"), "position": _const(1)}],
             "sns_action": [sns_action_expr]},
            {**unknown_arn, "recipients": [False], "s3_action": [{"kms_key_arn": True}],
             "sns_action": [{}] if external_topic else [{"topic_arn": True}]},
            {"recipients": [False], "s3_action": [{}], "sns_action": [{}]},
        ),
        PlannedResource(
            "aws_route53_record", f"mx{n}",
            {"name": domain, "type": "MX", "ttl": 300, "zone_id": "Z0123456789ABCDEFGHIJ",
             "records": [f"10 inbound-smtp.{region}.amazonaws.com"]},
            {"name": _const(domain), "type": _const("MX"), "ttl": _const(300),
             "zone_id": _const("Z0123456789ABCDEFGHIJ"),
             "records": _const([f"10 inbound-smtp.{region}.amazonaws.com"])},
            {"fqdn": True, "id": True, "records": [False]},
            {"records": [False]},
        ),
        # Resources no SES rule reads: plans are mostly these.
        PlannedResource(
            "aws_iam_role", f"role{n}",
            {"name": f"app-{n}", "path": "/", "max_session_duration": 3600,
             "assume_role_policy": '{"Version":"2012-10-17","Statement":[]}'},
            {"name": _const(f"app-{n}"), "assume_role_policy": _const("{}")},
            {**unknown_arn, "unique_id": True, "tags_all": True},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_cloudwatch_log_group", f"logs{n}",
            {"name": f"/app/{n}", "retention_in_days": 30, "region": region},
            {"name": _const(f"/app/{n}"), "retention_in_days": _const(30)},
            {**unknown_arn, "tags_all": True},
            {"tags_all": {}},
        ),
        PlannedResource(
            "aws_sqs_queue", f"q{n}",
            {"name": f"jobs-{n}", "region": region, "delay_seconds": 0,
             "message_retention_seconds": rng.choice([86400, 345600, 1209600])},
            {"name": _const(f"jobs-{n}")},
            {**unknown_arn, "url": True, "policy": True, "tags_all": True},
            {"tags_all": {}},
        ),
    ]


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
    return [
        (
            _Placement(key, None),
            PlannedResource(
                "aws_ses_receipt_rule_set", _rule_set_resource(key),
                {"rule_set_name": name, "region": PROVIDER_REGIONS[key]},
                {"rule_set_name": _const(name)},
                {"arn": True, "id": True},
            ),
        )
        for key, name in RULE_SET_NAMES.items()
    ]


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
    units = max(0, (resource_count - len(placed)) // RESOURCES_PER_UNIT)
    for n in range(units):
        placement = _placement(n)
        placed.extend((placement, resource) for resource in _unit(n, placement, rng))
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
