"""PlanResourceChange logic: unknowns, defaults, the v6 region, tags_all, replacement."""

from __future__ import annotations

from typing import Any

import pytest

from sespolicy.provider.generate import generate
from sespolicy.provider.planning import ProviderSettings, plan_resource
from sespolicy.provider.served_types import ServedTypes, shipped_aws_types
from sespolicy.provider.wire_values import UNKNOWN, null_block


@pytest.fixture(scope="module")
def v6_resources() -> ServedTypes:
    return shipped_aws_types("v6")


@pytest.fixture(scope="module")
def v5_resources() -> ServedTypes:
    return shipped_aws_types("v5")


def config_for(resource: dict[str, Any], **values: Any) -> dict[str, Any]:
    config = null_block(resource["block"])
    config.update(values)
    return config


def plan_create(resource: dict[str, Any], settings: ProviderSettings, config: dict[str, Any]):
    return plan_resource(resource, settings, prior=None, proposed=config, config=config)


def test_create_leaves_computed_attributes_unknown_and_applies_defaults(v6_resources) -> None:
    topic = v6_resources.resource("aws_sns_topic")
    plan = plan_create(topic, ProviderSettings(region="us-east-1"), config_for(topic, name="t"))
    planned = plan.planned_state
    assert planned["arn"] is UNKNOWN
    assert planned["id"] is UNKNOWN
    assert planned["name"] == "t"
    assert planned["fifo_topic"] is False  # provider-side default
    assert planned["display_name"] is None  # optional, not computed, no default
    assert plan.requires_replace == []


def test_v6_region_comes_from_the_provider_configuration(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    config = config_for(identity, domain="example.com")
    planned = plan_create(identity, ProviderSettings(region="eu-west-1"), config).planned_state
    assert planned["region"] == "eu-west-1"


def test_v6_region_is_unknown_when_the_provider_has_none(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    config = config_for(identity, domain="example.com")
    planned = plan_create(identity, ProviderSettings(region=None), config).planned_state
    assert planned["region"] is UNKNOWN


def test_explicit_region_wins_over_the_provider_configuration(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    config = config_for(identity, domain="example.com", region="ap-south-1")
    planned = plan_create(identity, ProviderSettings(region="us-east-1"), config).planned_state
    assert planned["region"] == "ap-south-1"


def test_v5_has_no_region_argument_and_s3_bucket_region_is_computed(v5_resources) -> None:
    identity = v5_resources.resource("aws_ses_domain_identity")
    assert "region" not in identity["block"]["attributes"]
    bucket = v5_resources.resource("aws_s3_bucket")
    planned = plan_create(
        bucket, ProviderSettings(region="us-east-1"), config_for(bucket, bucket="b")
    ).planned_state
    assert planned["region"] is UNKNOWN
    assert "bucket_region" not in planned


def test_tags_all_merges_default_tags_under_resource_tags(v6_resources) -> None:
    topic = v6_resources.resource("aws_sns_topic")
    settings = ProviderSettings(region="us-east-1", default_tags={"team": "mail", "env": "dev"})
    config = config_for(topic, name="t", tags={"env": "prod"})
    planned = plan_create(topic, settings, config).planned_state
    assert planned["tags_all"] == {"team": "mail", "env": "prod"}


def test_provider_filled_blocks_are_unknown_when_left_out(v6_resources) -> None:
    bucket = v6_resources.resource("aws_s3_bucket")
    planned = plan_create(
        bucket, ProviderSettings(region="us-east-1"), config_for(bucket, bucket="b")
    ).planned_state
    assert planned["versioning"] is UNKNOWN
    assert planned["server_side_encryption_configuration"] is UNKNOWN


def test_nested_block_defaults_and_computed_attributes(v6_resources) -> None:
    destination = v6_resources.resource("aws_sesv2_configuration_set_event_destination")
    event = null_block(destination["block"]["block_types"]["event_destination"]["block"])
    event["matching_event_types"] = ["BOUNCE"]
    config = config_for(
        destination,
        configuration_set_name="cs",
        event_destination_name="d",
        event_destination=[event],
    )
    planned = plan_create(destination, ProviderSettings(region="us-east-1"), config)
    assert planned.planned_state["event_destination"][0]["enabled"] is False


def test_changing_a_force_new_attribute_requires_replacement(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    settings = ProviderSettings(region="us-east-1")
    prior = config_for(
        identity, domain="old.example.com", region="us-east-1", arn="arn:x", id="old.example.com"
    )
    prior["verification_token"] = "tok"
    config = config_for(identity, domain="new.example.com")
    proposed = dict(prior, domain="new.example.com")
    plan = plan_resource(identity, settings, prior=prior, proposed=proposed, config=config)
    assert plan.requires_replace == ["domain"]
    assert plan.planned_state["arn"] is UNKNOWN  # a new object gets a new ARN


def test_unchanged_object_plans_no_replacement(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    settings = ProviderSettings(region="us-east-1")
    prior = config_for(identity, domain="example.com", region="us-east-1", arn="arn:x", id="i")
    prior["verification_token"] = "tok"
    config = config_for(identity, domain="example.com")
    plan = plan_resource(identity, settings, prior=prior, proposed=dict(prior), config=config)
    assert plan.requires_replace == []
    assert plan.planned_state == prior


def test_moving_to_another_region_requires_replacement(v6_resources) -> None:
    identity = v6_resources.resource("aws_ses_domain_identity")
    prior = config_for(identity, domain="example.com", region="us-east-1", arn="arn:x", id="i")
    config = config_for(identity, domain="example.com", region="eu-west-1")
    proposed = dict(prior, region="eu-west-1")
    plan = plan_resource(
        identity,
        ProviderSettings(region="us-east-1"),
        prior=prior,
        proposed=proposed,
        config=config,
    )
    assert plan.requires_replace == ["region"]


def test_destroy_plans_null(v6_resources) -> None:
    topic = v6_resources.resource("aws_sns_topic")
    prior = config_for(topic, name="t")
    plan = plan_resource(topic, ProviderSettings(), prior=prior, proposed=None, config=None)
    assert plan.planned_state is None


def test_generate_rejects_a_malformed_version(tmp_path) -> None:
    from sespolicy.errors import UsageError

    with pytest.raises(UsageError, match=r"not X\.Y\.Z"):
        generate(tmp_path, mode="v6", version="6.x")


def test_generate_rejects_a_version_that_contradicts_the_mode(tmp_path) -> None:
    from sespolicy.errors import UsageError

    with pytest.raises(UsageError, match="does not fit mode v5"):
        generate(tmp_path, mode="v5", version="6.47.0")
