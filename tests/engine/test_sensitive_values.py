"""Values the plan marks sensitive never reach a message."""

from __future__ import annotations

from sespolicy.display import SENSITIVE
from sespolicy.policy.steps.parameters import attribute_paths as attribute_pattern
from sespolicy.policy.steps.reading import known_values
from sespolicy.world.model import ResourceInstance


def _rule(values: dict, sensitive: dict) -> ResourceInstance:
    return ResourceInstance(
        address="aws_ses_receipt_rule.r",
        module_address="",
        mode="managed",
        type="aws_ses_receipt_rule",
        name="r",
        index=None,
        provider_name="registry.terraform.io/hashicorp/aws",
        provider_config_key="aws",
        values=values,
        sensitive=sensitive,
    )


def test_a_sensitive_value_is_replaced_and_a_plain_one_kept() -> None:
    rule = _rule(
        {"sns_action": [{"topic_arn": "topic-secret-name"}], "name": "inbound"},
        {"sns_action": [{"topic_arn": True}]},
    )
    found = known_values(rule, attribute_pattern("sns_action[*].topic_arn, name"))
    assert ("sns_action[0].topic_arn", SENSITIVE) in found
    assert ("name", "inbound") in found
    assert "topic-secret-name" not in repr(found)


def test_a_whole_sensitive_block_covers_its_leaves() -> None:
    rule = _rule({"sns_action": [{"topic_arn": "topic-secret-name"}]}, {"sns_action": True})
    assert known_values(rule, attribute_pattern("sns_action[*].topic_arn")) == [
        ("sns_action[0].topic_arn", SENSITIVE)
    ]
