"""ReadDataSource stand-ins: well-formed, Region-correct, deterministic."""

from __future__ import annotations

from typing import Any

import pytest
from schema_configs import required_config, type_errors

from sespolicy.provider.datasources import ReadRefused, partition_of, read_data_source
from sespolicy.provider.planning import ProviderSettings
from sespolicy.provider.served_types import ServedTypes, shipped_aws_types
from sespolicy.provider.wire_values import UNKNOWN, is_wholly_known, null_block
from sespolicy.world.aws_types import arn_shape

ACCOUNT = "123456789012"


@pytest.fixture(scope="module")
def v6_data() -> ServedTypes:
    return shipped_aws_types("v6")


@pytest.fixture(scope="module")
def v5_data() -> ServedTypes:
    return shipped_aws_types("v5")


def read(data: ServedTypes, type_name: str, provider_region: Any, **config: Any) -> dict[str, Any]:
    return read_with(data, type_name, provider_region, "v6", config)


def read_with(
    data: ServedTypes, type_name: str, provider_region: Any, mode: str, config: dict[str, Any]
) -> dict[str, Any]:
    data_source = data.data_source(type_name)
    full = null_block(data_source["block"])
    full.update(config)
    settings = ProviderSettings(region=provider_region)
    return read_data_source(type_name, data_source, full, settings, ACCOUNT, mode)


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


@pytest.mark.parametrize("mode", ["v6", "v5", "v4", "v3"])
def test_every_data_source_reads_wholly_known_and_repeatably(mode: str) -> None:
    data = shipped_aws_types(mode)
    names = data.names("data")
    assert len(names) > 300
    for type_name in names:
        config = required_config(data.data_source(type_name)["block"], type_name)
        first = read_with(data, type_name, "us-west-2", mode, config)
        assert is_wholly_known(first), type_name
        assert type_errors(data.data_source(type_name)["block"], first) == [], type_name
        arn = first.get("arn")
        if isinstance(arn, str) and "arn" not in config:
            assert arn.startswith("arn:aws:"), (type_name, arn)
            assert arn.split(":")[3] in ("us-west-2", ""), (type_name, arn)
            assert (arn.split(":")[3] == "") == arn_shape(type_name).global_type or "::" in arn, (
                type_name,
                arn,
            )
        assert first == read_with(data, type_name, "us-west-2", mode, config), type_name


def test_regional_read_without_any_region_is_refused(v6_data) -> None:
    with pytest.raises(ReadRefused, match="needs a Region"):
        read(v6_data, "aws_sns_topic", None, name="t")


def test_regional_read_with_unknown_provider_region_is_refused(v6_data) -> None:
    with pytest.raises(ReadRefused):
        read(v6_data, "aws_kms_key", UNKNOWN, key_id="alias/x")


def test_availability_zones_follow_the_region(v6_data) -> None:
    zones = read(
        v6_data, "aws_availability_zones", "ap-southeast-2", exclude_names=["ap-southeast-2c"]
    )
    assert zones["names"] == ["ap-southeast-2a", "ap-southeast-2b"]
    assert zones["zone_ids"] == ["apse2-az1", "apse2-az2"]
    gov = read(v6_data, "aws_availability_zones", "us-gov-west-1")
    assert gov["zone_ids"][0] == "usgw1-az1"


def test_arn_is_split_into_its_parts(v6_data) -> None:
    parts = read(v6_data, "aws_arn", None, arn="arn:aws-cn:ses:cn-north-1:123456789012:identity/a")
    assert (parts["partition"], parts["service"], parts["region"]) == (
        "aws-cn",
        "ses",
        "cn-north-1",
    )
    assert parts["account"] == "123456789012" and parts["resource"] == "identity/a"
    with pytest.raises(ReadRefused, match="is not an ARN"):
        read(v6_data, "aws_arn", None, arn="not-an-arn")


def test_default_tags_are_the_providers(v6_data) -> None:
    data_source = v6_data.data_source("aws_default_tags")
    settings = ProviderSettings(region="us-east-1", default_tags={"team": "mail"})
    state = read_data_source(
        "aws_default_tags", data_source, null_block(data_source["block"]), settings, ACCOUNT
    )
    assert state["tags"] == {"team": "mail"}


def test_stand_in_arns_carry_the_region_and_partition_of_the_read(v6_data) -> None:
    queue = read(v6_data, "aws_sqs_queue", "cn-northwest-1", name="inbound")
    assert queue["arn"] == f"arn:aws-cn:sqs:cn-northwest-1:{ACCOUNT}:inbound"
    role = read(v6_data, "aws_iam_role", "eu-west-1", name="mailer")
    assert role["arn"] == f"arn:aws:iam::{ACCOUNT}:role/mailer"
    group = read(
        v6_data, "aws_cloudwatch_log_group", "eu-west-1", name="/ses/events", region="us-east-2"
    )
    assert group["arn"] == f"arn:aws:logs:us-east-2:{ACCOUNT}:log-group:/ses/events"
    vpc = read(v6_data, "aws_vpc", "eu-west-1")
    assert vpc["arn"].endswith(f":vpc/{vpc['id']}") and vpc["id"].startswith("vpc-")
