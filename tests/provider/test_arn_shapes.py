"""aws_types.arn_shape: the ARN a type's objects have, as the twin's data sources write
them."""

from __future__ import annotations

import pytest

from sespolicy.world.aws_types import arn_shape

VALUES = {"name": "n", "id": "i-1", "uuid": "u", "token": "t"}


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("aws_sns_topic", "arn:aws:sns:eu-west-1:123456789012:n"),
        ("aws_cloudwatch_log_group", "arn:aws:logs:eu-west-1:123456789012:log-group:n"),
        ("aws_cloudwatch_event_rule", "arn:aws:events:eu-west-1:123456789012:rule/n"),
        ("aws_cloudwatch_metric_alarm", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:n"),
        ("aws_lb", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/n/t"),
        ("aws_iam_role", "arn:aws:iam::123456789012:role/n"),
        ("aws_s3_bucket", "arn:aws:s3:::n"),
        ("aws_route53_zone", "arn:aws:route53:::hostedzone/i-1"),
        ("aws_ses_domain_identity", "arn:aws:ses:eu-west-1:123456789012:identity/n"),
        # An uncommon type gets the service of its prefix and the usual kind/name form.
        ("aws_sesv2_contact_list", "arn:aws:ses:eu-west-1:123456789012:contact-list/n"),
        ("aws_glue_registry", "arn:aws:glue:eu-west-1:123456789012:registry/n"),
    ],
)
def test_arns_by_type(type_name: str, expected: str) -> None:
    assert arn_shape(type_name).format("aws", "eu-west-1", "123456789012", VALUES) == expected


def test_global_types_are_those_6x_gives_no_region() -> None:
    assert arn_shape("aws_iam_policy").global_type
    assert arn_shape("aws_route53_record").global_type
    assert not arn_shape("aws_route53_resolver_endpoint").global_type
    assert not arn_shape("aws_s3_bucket").global_type  # regional type, Region-less ARN
    assert not arn_shape("aws_s3_bucket").regional
