"""ReadDataSource stand-ins: well-formed, Region-correct, deterministic."""

from __future__ import annotations

from typing import Any

import pytest

from sespolicy.provider.datasources import ReadRefused, partition_of, read_data_source
from sespolicy.provider.planning import ProviderSettings
from sespolicy.provider.schema import compact_plan_schema, served_schema
from sespolicy.provider.wire_values import UNKNOWN, is_wholly_known, null_block

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def v6_data() -> dict[str, Any]:
    return compact_plan_schema(served_schema(None, "v6"))["data_sources"]


@pytest.fixture(scope="module")
def v5_data() -> dict[str, Any]:
    return compact_plan_schema(served_schema(None, "v5"))["data_sources"]


def read(
    data: dict[str, Any], type_name: str, provider_region: Any, **config: Any
) -> dict[str, Any]:
    full = null_block(data[type_name]["block"])
    full.update(config)
    settings = ProviderSettings(region=provider_region)
    return read_data_source(type_name, data[type_name], full, settings, ACCOUNT)


def test_aws_region_reports_the_provider_region_under_both_names(v6_data) -> None:
    state = read(v6_data, "aws_region", "eu-west-1")
    assert state["name"] == "eu-west-1"
    assert state["region"] == "eu-west-1"


def test_aws_region_answers_for_a_requested_region(v6_data) -> None:
    state = read(v6_data, "aws_region", "us-east-1", region="ap-southeast-2")
    assert state["name"] == state["region"] == "ap-southeast-2"


def test_v5_aws_region_has_name_only(v5_data) -> None:
    state = read(v5_data, "aws_region", "eu-central-1")
    assert state["name"] == "eu-central-1"
    assert "region" not in state


def test_caller_identity_uses_the_fixed_account(v6_data) -> None:
    state = read(v6_data, "aws_caller_identity", "us-east-1")
    assert state["account_id"] == ACCOUNT
    assert state["arn"].startswith(f"arn:aws:iam::{ACCOUNT}:")


def test_topic_arn_carries_region_and_account(v6_data) -> None:
    state = read(v6_data, "aws_sns_topic", "eu-west-1", name="bounces")
    assert state["arn"] == f"arn:aws:sns:eu-west-1:{ACCOUNT}:bounces"
    assert state["region"] == "eu-west-1"


def test_partition_follows_the_region(v6_data) -> None:
    state = read(v6_data, "aws_partition", "cn-north-1")
    assert state["partition"] == "aws-cn"
    assert state["dns_suffix"] == "amazonaws.com.cn"
    assert partition_of("us-gov-west-1") == "aws-us-gov"


def test_reads_are_wholly_known_and_repeatable(v6_data) -> None:
    for type_name in v6_data:
        first = read(v6_data, type_name, "us-west-2", **_required_config(type_name))
        assert is_wholly_known(first), type_name
        assert first == read(v6_data, type_name, "us-west-2", **_required_config(type_name))


def test_regional_read_without_any_region_is_refused(v6_data) -> None:
    with pytest.raises(ReadRefused, match="needs a Region"):
        read(v6_data, "aws_sns_topic", None, name="t")


def test_regional_read_with_unknown_provider_region_is_refused(v6_data) -> None:
    with pytest.raises(ReadRefused):
        read(v6_data, "aws_kms_key", UNKNOWN, key_id="alias/x")


def _required_config(type_name: str) -> dict[str, str]:
    return {
        "aws_route53_zone": {"name": "example.com"},
        "aws_sns_topic": {"name": "t"},
        "aws_kms_key": {"key_id": "alias/mail"},
        "aws_s3_bucket": {"bucket": "b"},
        "aws_lambda_function": {"function_name": "f"},
    }.get(type_name, {})
