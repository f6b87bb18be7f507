"""ReadDataSource for a plan-only provider: deterministic, well-formed stand-ins for AWS answers.

ARNs carry the Region the read was made in and a fixed account id, so policies that look at
Regions and ARNs see what a real read in that account would show. Attributes with no sensible
stand-in stay null (a known value, which Terraform accepts for computed attributes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sespolicy.provider.planning import ProviderSettings
from sespolicy.provider.wire_values import UNKNOWN, null_block


class ReadRefused(Exception):
    """The read cannot be answered; the message becomes the error diagnostic."""


@dataclass(frozen=True)
class ReadContext:
    type_name: str
    config: dict[str, Any]
    region: str  # the Region the read is made in ("" for global data sources)
    account_id: str

    @property
    def partition(self) -> str:
        return partition_of(self.region)

    @property
    def dns_suffix(self) -> str:
        return "amazonaws.com.cn" if self.partition == "aws-cn" else "amazonaws.com"

    def arn(self, service: str, resource: str, regional: bool = True) -> str:
        region = self.region if regional else ""
        return f"arn:{self.partition}:{service}:{region}:{self.account_id}:{resource}"


_PARTITION_PREFIXES = (
    ("cn-", "aws-cn"),
    ("us-gov-", "aws-us-gov"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
)


def partition_of(region: str) -> str:
    for prefix, partition in _PARTITION_PREFIXES:
        if region.startswith(prefix):
            return partition
    return "aws"


def _token(*parts: str, length: int = 20) -> str:
    """A stable pseudo-id for the same inputs, so repeated plans are identical."""
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest().upper()
    return digest[:length]


def _caller_identity(ctx: ReadContext) -> dict[str, Any]:
    return {
        "id": ctx.account_id,
        "account_id": ctx.account_id,
        "arn": f"arn:{ctx.partition}:iam::{ctx.account_id}:user/sespolicy-plan",
        "user_id": "AIDA" + _token(ctx.account_id, "user", length=17),
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
    reverse = ".".join(reversed(ctx.dns_suffix.split(".")))
    return {
        "id": ctx.partition,
        "partition": ctx.partition,
        "dns_suffix": ctx.dns_suffix,
        "reverse_dns_prefix": reverse,
    }


def _route53_zone(ctx: ReadContext) -> dict[str, Any]:
    name = str(ctx.config.get("name") or "example.com").rstrip(".")
    zone_id = ctx.config.get("zone_id") or "Z" + _token(name, length=20)
    servers = [f"ns-{n}.awsdns-{n:02d}.{tld}" for n, tld in ((1, "com"), (2, "net"), (3, "org"))]
    return {
        "id": zone_id,
        "zone_id": zone_id,
        "name": name,
        "arn": f"arn:{ctx.partition}:route53:::hostedzone/{zone_id}",
        "caller_reference": "sespolicy-plan",
        "comment": "",
        "private_zone": False,
        "name_servers": servers,
        "primary_name_server": servers[0],
        "resource_record_set_count": 2,
    }


def _sns_topic(ctx: ReadContext) -> dict[str, Any]:
    arn = ctx.arn("sns", str(ctx.config.get("name") or "topic"))
    return {"id": arn, "arn": arn}


def _kms_key(ctx: ReadContext) -> dict[str, Any]:
    key_id = str(ctx.config.get("key_id") or "")
    if key_id.startswith("arn:"):
        arn = key_id
    else:
        bare = key_id if key_id and not key_id.startswith("alias/") else None
        uuid = bare or "-".join(
            _token(key_id, "kms", length=32).lower()[a:b]
            for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
        )
        arn = ctx.arn("kms", f"key/{uuid}")
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
        "description": "",
    }


def _s3_bucket(ctx: ReadContext) -> dict[str, Any]:
    bucket = str(ctx.config.get("bucket") or "bucket")
    return {
        "id": bucket,
        "arn": f"arn:{ctx.partition}:s3:::{bucket}",
        "bucket_domain_name": f"{bucket}.s3.{ctx.dns_suffix}",
        "bucket_regional_domain_name": f"{bucket}.s3.{ctx.region}.{ctx.dns_suffix}",
        "bucket_region": ctx.region,
        "hosted_zone_id": "Z" + _token(ctx.region, "s3", length=13),
    }


def _lambda_function(ctx: ReadContext) -> dict[str, Any]:
    name = str(ctx.config.get("function_name") or "function")
    if name.startswith("arn:"):
        arn, name = name, name.rsplit(":", 1)[-1]
    else:
        arn = ctx.arn("lambda", f"function:{name}")
    apigw = f"arn:{ctx.partition}:apigateway:{ctx.region}:lambda:path/2015-03-31/functions"
    return {
        "id": name,
        "arn": arn,
        "qualified_arn": f"{arn}:$LATEST",
        "invoke_arn": f"{apigw}/{arn}/invocations",
        "qualified_invoke_arn": f"{apigw}/{arn}:$LATEST/invocations",
        "version": "$LATEST",
        "role": f"arn:{ctx.partition}:iam::{ctx.account_id}:role/{name}",
        "memory_size": 128,
        "timeout": 3,
        "architectures": ["x86_64"],
    }


_READERS: dict[str, Callable[[ReadContext], dict[str, Any]]] = {
    "aws_caller_identity": _caller_identity,
    "aws_region": _region,
    "aws_partition": _partition,
    "aws_route53_zone": _route53_zone,
    "aws_sns_topic": _sns_topic,
    "aws_kms_key": _kms_key,
    "aws_s3_bucket": _s3_bucket,
    "aws_lambda_function": _lambda_function,
}

# Data sources that answer without any Region (they read global or provider-wide facts).
_GLOBAL_DATA_SOURCES = frozenset({"aws_caller_identity", "aws_partition", "aws_route53_zone"})


def _read_region(
    type_name: str, data_source: dict[str, Any], config: dict[str, Any], settings: ProviderSettings
) -> str:
    requested = config.get("region") if data_source["regional"] else None
    if type_name == "aws_region":
        requested = config.get("region") or config.get("name")
    region = requested if requested is not None else settings.region
    if isinstance(region, str) and region:
        return region
    if type_name in _GLOBAL_DATA_SOURCES:
        return "us-east-1" if region is None else ""
    raise ReadRefused(
        f"data.{type_name} needs a Region: set `region` in the provider configuration "
        "(the plan-only provider makes no AWS calls, so it cannot discover one)"
    )


def read_data_source(
    type_name: str,
    data_source: dict[str, Any],
    config: dict[str, Any],
    settings: ProviderSettings,
    account_id: str,
) -> dict[str, Any]:
    region = _read_region(type_name, data_source, config, settings)
    ctx = ReadContext(type_name=type_name, config=config, region=region, account_id=account_id)
    block = data_source["block"]
    state = null_block(block)
    state.update({k: v for k, v in config.items() if v is not None})
    answers = _READERS.get(type_name, lambda _ctx: {})(ctx)
    attributes = block["attributes"]
    for name, value in answers.items():
        if name in attributes and attributes[name].get("computed") and state.get(name) is None:
            state[name] = value
    if data_source["regional"] and "region" in attributes:
        state["region"] = region
    if type_name == "aws_region":
        # Both spellings name the Region read, whichever one the configuration used.
        for name in ("name", "region"):
            if name in attributes:
                state[name] = region
    _replace_unknowns(state)
    return state


def _replace_unknowns(value: Any) -> None:
    # Terraform only reads a data source once its configuration is wholly known, so any
    # unknown here is a computed attribute we left unset; null is the honest stand-in.
    if isinstance(value, dict):
        for key, item in value.items():
            if item is UNKNOWN:
                value[key] = None
            else:
                _replace_unknowns(item)
    elif isinstance(value, list):
        for item in value:
            _replace_unknowns(item)
