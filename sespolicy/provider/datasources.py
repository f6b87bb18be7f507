"""ReadDataSource for the hashicorp/aws twin: exact answers where the answer is pure, and
deterministic, type-correct stand-ins with the right Region and partition everywhere else.

Pure, answered as the real provider would: aws_iam_policy_document (see iam_policy_document.py),
aws_partition, aws_region(s), aws_arn, aws_availability_zone(s), aws_default_tags (the provider's
own default_tags), aws_service_principal, aws_service and aws_billing_service_account. Account
facts use the fixed placeholder account of the overlay (123456789012), which
aws_caller_identity reports as the caller's account; nothing here has asked AWS.

Every other type gets stand-ins (standins.py) whose ARNs come from the type's ARN shape in
the one table of AWS type knowledge (world/aws_types.py):
`arn:<partition>:<service>:<Region>:<account>:<resource>`, with the
Region the read is made in (the data source's own `region` in 6.x, else the provider's) and the
partition that Region belongs to. A Region the twin cannot know refuses the read with a reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sespolicy.provider.iam_policy_document import PolicyDocumentError, policy_document
from sespolicy.provider.planning import ProviderSettings
from sespolicy.provider.standins import fill_block, token, uuid_token
from sespolicy.provider.wire_values import UNKNOWN, null_block
from sespolicy.world.aws_types import arn_shape


class ReadRefused(Exception):
    """The read cannot be answered; the message becomes the error diagnostic."""


_PARTITIONS = (
    ("cn-", "aws-cn", "amazonaws.com.cn"),
    ("us-gov-", "aws-us-gov", "amazonaws.com"),
    ("us-isob-", "aws-iso-b", "sc2s.sgov.gov"),
    ("us-iso-", "aws-iso", "c2s.ic.gov"),
    ("eusc-", "aws-eusc", "amazonaws.eu"),
)
# The Region an account-wide (global) read reports when nothing names one.
_GLOBAL_DEFAULT_REGION = "us-east-1"
# ELB's AWS-owned log delivery accounts are per Region; the billing account is per partition.
_BILLING_ACCOUNT = "386209384616"


def partition_of(region: str) -> str:
    for prefix, partition, _suffix in _PARTITIONS:
        if region.startswith(prefix):
            return partition
    return "aws"


def dns_suffix_of(region: str) -> str:
    for prefix, _partition, suffix in _PARTITIONS:
        if region.startswith(prefix):
            return suffix
    return "amazonaws.com"


@dataclass(frozen=True)
class ReadContext:
    type_name: str
    config: dict[str, Any]
    region: str  # the Region the read is made in
    account_id: str
    mode: str  # v6, v5, v4 or v3
    settings: ProviderSettings

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    @property
    def dns_suffix(self) -> str:
        return dns_suffix_of(self.region)

    def name(self) -> str:
        """The name the configuration gives the object read, else its stand-in id."""
        for key in _NAME_ARGUMENTS:
            value = self.config.get(key)
            if isinstance(value, str) and value:
                return value.rsplit(":", 1)[-1] if value.startswith("arn:") else value
        return self.object_id()

    def object_id(self) -> str:
        """A stable id for the object read, shaped like the type's ids (vpc-…, sg-…)."""
        kind = self.type_name.removeprefix("aws_")
        prefix = _ID_PREFIXES.get(kind)
        if prefix is not None:
            return f"{prefix}-{token(self.seed, length=17)}"
        return f"{kind.replace('_', '-')}-{token(self.seed, length=8)}"

    @property
    def seed(self) -> str:
        return f"{self.type_name}|{self.region}|{sorted(_flat(self.config))}"

    def own_arn(self) -> str:
        given = self.config.get("arn")
        if isinstance(given, str) and given.startswith("arn:"):
            return given
        return self.arn_for(self.type_name, self.name())

    def arn_for(self, type_name: str, name: str) -> str:
        shape = arn_shape(type_name)
        values = {
            "name": name,
            "path": name.lstrip("/"),
            "alias": name if name.startswith("alias/") else f"alias/{name}",
            "id": name if _looks_like_id(name) else token(self.seed, name, length=17),
            "uuid": uuid_token(self.seed, type_name, name),
            "token": token(self.seed, type_name, name, length=16),
            "token6": token(self.seed, name, length=6),
            "region_id": f"{self.region}_{token(self.seed, name, length=9)}",
            "account": self.account_id,
        }
        return shape.format(self.partition, self.region, self.account_id, values)


def _flat(value: Any, prefix: str = "") -> list[str]:
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in _flat(inner, f"{prefix}{key}.")]
    if isinstance(value, list):
        return [
            item for index, inner in enumerate(value) for item in _flat(inner, f"{prefix}{index}.")
        ]
    return [] if value is None else [f"{prefix}={value}"]


def _caller_identity(ctx: ReadContext) -> dict[str, Any]:
    return {
        "id": ctx.account_id,
        "account_id": ctx.account_id,
        "arn": f"arn:{ctx.partition}:iam::{ctx.account_id}:user/sespolicy-plan",
        "user_id": "AIDA" + token(ctx.account_id, "user", length=17).upper(),
    }


def _region(ctx: ReadContext) -> dict[str, Any]:
    return {
        "id": ctx.region,
        "name": ctx.region,
        "region": ctx.region,
        "endpoint": f"ec2.{ctx.region}.{ctx.dns_suffix}",
        "description": ctx.region,
    }


def _partition(ctx: ReadContext) -> dict[str, Any]:
    return {
        "id": ctx.partition,
        "partition": ctx.partition,
        "dns_suffix": ctx.dns_suffix,
        "reverse_dns_prefix": ".".join(reversed(ctx.dns_suffix.split("."))),
    }


def _arn(ctx: ReadContext) -> dict[str, Any]:
    text = str(ctx.config.get("arn") or "")
    parts = text.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not parts[1] or not parts[2] or not parts[5]:
        raise ReadRefused(f"data.aws_arn: {text!r} is not an ARN (arn:partition:service:…)")
    _arn_prefix, partition, service, region, account, resource = parts
    return {
        "id": text,
        "partition": partition,
        "service": service,
        "region": region,
        "account": account,
        "resource": resource,
    }


_AZ_SUFFIXES = ("a", "b", "c")


_COMPASS = {"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw"}


def _zone_id_prefix(region: str) -> str:
    """AWS's short Region code in zone ids: us-east-1 -> use1, ap-southeast-2 -> apse2."""
    area, *middle, number = region.split("-")
    return area + "".join(_COMPASS.get(word, word[:1]) for word in middle) + number


def _availability_zones(ctx: ReadContext) -> dict[str, Any]:
    excluded = set(ctx.config.get("exclude_names") or [])
    zones = [
        (f"{ctx.region}{suffix}", f"{_zone_id_prefix(ctx.region)}-az{index + 1}")
        for index, suffix in enumerate(_AZ_SUFFIXES)
    ]
    zones = [(name, zone_id) for name, zone_id in zones if name not in excluded]
    return {
        "id": ctx.region,
        "names": [name for name, _ in zones],
        "zone_ids": [zone_id for _, zone_id in zones],
        "group_names": [ctx.region],
    }


def _availability_zone(ctx: ReadContext) -> dict[str, Any]:
    name = ctx.config.get("name") or f"{ctx.region}a"
    suffix = name.removeprefix(ctx.region) or "a"
    return {
        "name": name,
        "region": ctx.region,
        "name_suffix": suffix,
        "group_name": ctx.region,
        "network_border_group": ctx.region,
        "state": "available",
        "zone_type": "availability-zone",
        "opt_in_status": "opt-in-not-required",
    }


def _iam_policy_document(ctx: ReadContext) -> dict[str, Any]:
    try:
        return policy_document(ctx.config, empty_sid_written=ctx.mode in ("v3", "v4"))
    except PolicyDocumentError as problem:
        raise ReadRefused(f"data.aws_iam_policy_document: {problem}") from None


def _default_tags(ctx: ReadContext) -> dict[str, Any]:
    tags = ctx.settings.default_tags
    if tags is UNKNOWN:
        raise ReadRefused(
            "data.aws_default_tags: the provider's default_tags are not known until apply"
        )
    return {"id": "aws", "tags": dict(tags or {})}


def _service_principal(ctx: ReadContext) -> dict[str, Any]:
    service = str(ctx.config.get("service_name") or "")
    suffix = ctx.dns_suffix
    return {
        "id": f"{service}.{ctx.region}.{suffix}",
        "name": f"{service}.{suffix}",
        "suffix": suffix,
        "region": ctx.region,
    }


def _service(ctx: ReadContext) -> dict[str, Any]:
    service = str(ctx.config.get("service_id") or "")
    reverse = ".".join(reversed(ctx.dns_suffix.split(".")))
    return {
        "id": f"{service}.{ctx.region}.{ctx.dns_suffix}",
        "dns_name": f"{service}.{ctx.region}.{ctx.dns_suffix}",
        "partition": ctx.partition,
        "prefix": f"{reverse}.{ctx.region}",
        "reverse_dns_name": f"{reverse}.{ctx.region}.{service}",
        "reverse_dns_prefix": reverse,
        "region": ctx.region,
        "service_id": service,
        "supported": True,
    }


def _billing_service_account(ctx: ReadContext) -> dict[str, Any]:
    arn = f"arn:{ctx.partition}:iam::{_BILLING_ACCOUNT}:root"
    return {"id": _BILLING_ACCOUNT, "arn": arn}


def _route53_zone(ctx: ReadContext) -> dict[str, Any]:
    name = str(ctx.config.get("name") or "example.com").rstrip(".")
    zone_id = ctx.config.get("zone_id") or "Z" + token(name, length=20).upper()
    servers = [f"ns-{n}.awsdns-{n:02d}.{tld}" for n, tld in ((1, "com"), (2, "net"), (3, "org"))]
    return {
        "id": zone_id,
        "zone_id": zone_id,
        "name": name,
        "arn": f"arn:{ctx.partition}:route53:::hostedzone/{zone_id}",
        "caller_reference": "sespolicy-plan",
        "comment": "",
        "private_zone": bool(ctx.config.get("private_zone")),
        "name_servers": servers,
        "primary_name_server": servers[0],
        "resource_record_set_count": 2,
    }


def _kms_key(ctx: ReadContext) -> dict[str, Any]:
    key_id = str(ctx.config.get("key_id") or "")
    if key_id.startswith("arn:") and ":key/" in key_id:
        arn = key_id
    else:
        arn = ctx.arn_for("aws_kms_key", key_id)
    return {
        "id": arn.rsplit("/", 1)[-1],
        "arn": arn,
        "aws_account_id": ctx.account_id,
        "enabled": True,
        "key_state": "Enabled",
        "key_manager": "CUSTOMER",
        "key_usage": "ENCRYPT_DECRYPT",
        "key_spec": "SYMMETRIC_DEFAULT",
        "customer_master_key_spec": "SYMMETRIC_DEFAULT",
        "origin": "AWS_KMS",
        "multi_region": False,
    }


def _s3_bucket(ctx: ReadContext) -> dict[str, Any]:
    bucket = str(ctx.config.get("bucket") or "bucket")
    region_attribute = "region" if ctx.mode != "v6" else "bucket_region"
    return {
        "id": bucket,
        "arn": f"arn:{ctx.partition}:s3:::{bucket}",
        "bucket_domain_name": f"{bucket}.s3.{ctx.dns_suffix}",
        "bucket_regional_domain_name": f"{bucket}.s3.{ctx.region}.{ctx.dns_suffix}",
        region_attribute: ctx.region,
        "hosted_zone_id": "Z" + token(ctx.region, "s3", length=13).upper(),
        "website_endpoint": f"{bucket}.s3-website-{ctx.region}.{ctx.dns_suffix}",
    }


def _lambda_function(ctx: ReadContext) -> dict[str, Any]:
    given = str(ctx.config.get("function_name") or "")
    name = ctx.name()
    arn = given if given.startswith("arn:") else ctx.arn_for("aws_lambda_function", name)
    apigw = f"arn:{ctx.partition}:apigateway:{ctx.region}:lambda:path/2015-03-31/functions"
    return {
        "id": name,
        "arn": arn,
        "qualified_arn": f"{arn}:$LATEST",
        "invoke_arn": f"{apigw}/{arn}/invocations",
        "qualified_invoke_arn": f"{apigw}/{arn}:$LATEST/invocations",
        "version": "$LATEST",
        "role": ctx.arn_for("aws_iam_role", name),
        "memory_size": 128,
        "timeout": 3,
        "architectures": ["x86_64"],
    }


_READERS: dict[str, Callable[[ReadContext], dict[str, Any]]] = {
    "aws_caller_identity": _caller_identity,
    "aws_region": _region,
    "aws_partition": _partition,
    "aws_arn": _arn,
    "aws_availability_zones": _availability_zones,
    "aws_availability_zone": _availability_zone,
    "aws_iam_policy_document": _iam_policy_document,
    "aws_default_tags": _default_tags,
    "aws_service_principal": _service_principal,
    "aws_service": _service,
    "aws_billing_service_account": _billing_service_account,
    "aws_route53_zone": _route53_zone,
    "aws_kms_key": _kms_key,
    "aws_s3_bucket": _s3_bucket,
    "aws_lambda_function": _lambda_function,
}
# Reads that need no Region at all: they answer from configuration or the account alone.
_REGIONLESS = frozenset(
    {
        "aws_caller_identity",
        "aws_partition",
        "aws_arn",
        "aws_iam_policy_document",
        "aws_default_tags",
        "aws_billing_service_account",
        "aws_canonical_user_id",
    }
)


def _read_region(
    type_name: str, data_source: dict[str, Any], config: dict[str, Any], settings: ProviderSettings
) -> str:
    requested = config.get("region") if data_source["regional"] else None
    if type_name == "aws_region":
        requested = config.get("region") or config.get("name")
    region = requested if requested is not None else settings.region
    if isinstance(region, str) and region:
        return region
    if type_name in _REGIONLESS or arn_shape(type_name).global_type:
        # A global read names no Region in what it returns; the partition still needs one.
        return _GLOBAL_DEFAULT_REGION
    reason = "is not known until apply" if region is UNKNOWN else "is not set anywhere"
    raise ReadRefused(
        f"data.{type_name} needs a Region, and the provider's region {reason}: set `region` in "
        "the provider configuration or pass --region (the plan-only provider makes no AWS "
        "calls, so it cannot discover one)"
    )


def read_data_source(
    type_name: str,
    data_source: dict[str, Any],
    config: dict[str, Any],
    settings: ProviderSettings,
    account_id: str,
    mode: str = "v6",
) -> dict[str, Any]:
    region = _read_region(type_name, data_source, config, settings)
    ctx = ReadContext(type_name, config, region, account_id, mode, settings)
    block = data_source["block"]
    attributes = block["attributes"]
    state = null_block(block)
    state.update({k: v for k, v in config.items() if v is not None and k in state})
    reader = _READERS.get(type_name)
    answers = reader(ctx) if reader is not None else {}
    for name, value in answers.items():
        if name in attributes and state.get(name) is None:
            # Computed answers, and defaults the real provider writes into the state (the
            # policy document's `version`).
            state[name] = value
    if type_name == "aws_iam_policy_document":
        for statement in state.get("statement") or []:
            if isinstance(statement, dict) and statement.get("effect") is None:
                statement["effect"] = "Allow"
    if data_source["regional"] and "region" in attributes:
        state["region"] = region
    if type_name == "aws_region":
        # Both spellings name the Region read, whichever one the configuration used.
        for name in ("name", "region"):
            if name in attributes:
                state[name] = region
    fill_block(block, state, ctx.seed, _aws_strings(ctx))
    return state


def _aws_strings(ctx: ReadContext) -> Callable[[str, Any], Any]:
    """Stand-ins that know AWS: ARNs, ids, Regions, accounts for the read's type."""
    own_service = arn_shape(ctx.type_name).service

    def hook(path: str, type_spec: Any) -> Any:
        name = path.rsplit(".", 1)[-1]
        if type_spec == "string":
            return _aws_string(ctx, name, own_service)
        if type_spec in (["list", "string"], ["set", "string"]) and name.endswith("_arns"):
            return [_aws_string(ctx, name[:-1], own_service)]
        return None

    return hook


def _aws_string(ctx: ReadContext, name: str, own_service: str) -> str | None:
    if name == "arn":
        return ctx.own_arn()
    if name.endswith("_arn"):
        kind = name[: -len("_arn")]
        guessed = _ARN_ATTRIBUTE_TYPES.get(kind) or f"aws_{own_service}_{kind}"
        return ctx.arn_for(guessed, f"{kind.replace('_', '-')}-{token(ctx.seed, kind, length=8)}")
    if name == "id":
        return ctx.name()
    if name in ("region", "region_name"):
        return ctx.region
    if name in ("account_id", "owner_id", "aws_account_id", "account"):
        return ctx.account_id
    if name == "partition":
        return ctx.partition
    if name in ("availability_zone", "availability_zone_name"):
        return f"{ctx.region}a"
    if name.endswith("_id") and name[:-3] in _ID_PREFIXES:
        return f"{_ID_PREFIXES[name[:-3]]}-{token(ctx.seed, name, length=17)}"
    if name == "name":
        return ctx.name()
    if name.endswith(("dns_name", "endpoint", "domain_name")) and not name.startswith("custom"):
        host = f"{ctx.name().lower()}-{token(ctx.seed, name, length=8)}"
        return f"{host}.{own_service}.{ctx.region}.{ctx.dns_suffix}"
    return None


def _looks_like_id(name: str) -> bool:
    prefix, dash, _rest = name.partition("-")
    return bool(dash) and prefix in _ID_PREFIX_VALUES


# Configuration arguments that name the object a data source reads, most telling first.
_NAME_ARGUMENTS = (
    "name",
    "function_name",
    "bucket",
    "domain",
    "email",
    "email_identity",
    "identity",
    "role_name",
    "user_name",
    "group_name",
    "key_id",
    "queue_name",
    "topic_name",
    "cluster_name",
    "repository_name",
    "table_name",
    "secret_id",
    "instance_id",
    "vpc_id",
    "subnet_id",
    "id",
)
# `<x>_arn` attributes whose type is obvious from the name.
_ARN_ATTRIBUTE_TYPES = {
    "role": "aws_iam_role",
    "execution_role": "aws_iam_role",
    "service_role": "aws_iam_role",
    "iam_role": "aws_iam_role",
    "policy": "aws_iam_policy",
    "kms_key": "aws_kms_key",
    "topic": "aws_sns_topic",
    "sns_topic": "aws_sns_topic",
    "queue": "aws_sqs_queue",
    "function": "aws_lambda_function",
    "lambda_function": "aws_lambda_function",
    "certificate": "aws_acm_certificate",
    "log_group": "aws_cloudwatch_log_group",
    "bucket": "aws_s3_bucket",
    "secret": "aws_secretsmanager_secret",
    "target_group": "aws_lb_target_group",
    "load_balancer": "aws_lb",
    "instance_profile": "aws_iam_instance_profile",
    "stream": "aws_kinesis_stream",
    "event_bus": "aws_cloudwatch_event_bus",
    "state_machine": "aws_sfn_state_machine",
}
# EC2-style ids: `<x>_id` -> `<prefix>-<17 hex>`.
_ID_PREFIXES = {
    "vpc": "vpc",
    "subnet": "subnet",
    "security_group": "sg",
    "instance": "i",
    "image": "ami",
    "ami": "ami",
    "route_table": "rtb",
    "internet_gateway": "igw",
    "nat_gateway": "nat",
    "network_interface": "eni",
    "volume": "vol",
    "snapshot": "snap",
    "key_pair": "key",
    "transit_gateway": "tgw",
    "vpc_endpoint": "vpce",
    "network_acl": "acl",
    "allocation": "eipalloc",
    "prefix_list": "pl",
    "launch_template": "lt",
    "dhcp_options": "dopt",
}
_ID_PREFIX_VALUES = frozenset(_ID_PREFIXES.values())
