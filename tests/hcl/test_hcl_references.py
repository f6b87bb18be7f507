"""References are listed as Terraform lists them in a plan's configuration."""

from __future__ import annotations

import pytest

from sespolicy.hcl.references import references_in_text


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("aws_sns_topic.t.arn", ["aws_sns_topic.t.arn", "aws_sns_topic.t"]),
        ("aws_sns_topic.t", ["aws_sns_topic.t"]),
        ("var.region", ["var.region"]),
        ("var.settings.region", ["var.settings.region", "var.settings"]),
        ("local.name", ["local.name"]),
        ("each.key", ["each.key"]),
        ("each.value.region", ["each.value.region", "each.value"]),
        ("count.index", ["count.index"]),
        ("path.module", ["path.module"]),
        ("module.mail.topic_arn", ["module.mail.topic_arn", "module.mail"]),
        (
            'module.mail["eu"].topic_arn',
            ['module.mail["eu"].topic_arn', 'module.mail["eu"]'],
        ),
        ("module.mail[0]", ["module.mail[0]", "module.mail"]),
        (
            "data.aws_region.current.name",
            ["data.aws_region.current.name", "data.aws_region.current"],
        ),
        (
            'aws_kms_key.k["eu"].arn',
            ['aws_kms_key.k["eu"].arn', 'aws_kms_key.k["eu"]', "aws_kms_key.k"],
        ),
        (
            "aws_sns_topic.t[0].arn",
            ["aws_sns_topic.t[0].arn", "aws_sns_topic.t[0]", "aws_sns_topic.t"],
        ),
        (
            "aws_sns_topic.t.0.arn",
            ["aws_sns_topic.t[0].arn", "aws_sns_topic.t[0]", "aws_sns_topic.t"],
        ),
        # A computed index ends the traversal; the index's own references follow.
        ("var.by_region[each.key].arn", ["var.by_region", "each.key"]),
        ("aws_sns_topic.t[*].arn", ["aws_sns_topic.t"]),
        ("aws_sns_topic.t.*.arn", ["aws_sns_topic.t"]),
        ('"inbound-smtp.${var.region}.amazonaws.com"', ["var.region"]),
        ('"${var.a}-${local.b}"', ["var.a", "local.b"]),
        ("<<EOT\nregion ${var.region}\n$${not.a_reference}\nEOT\n", ["var.region"]),
        ("upper(var.name)", ["var.name"]),
        (
            'var.enabled ? aws_sns_topic.t.arn : ""',
            ["var.enabled", "aws_sns_topic.t.arn", "aws_sns_topic.t"],
        ),
        # Names bound by `for` are local; object keys written as bare names are strings.
        ("[for r in var.regions : upper(r)]", ["var.regions"]),
        ("{for k, v in var.topics : k => v.arn}", ["var.topics"]),
        ("{ region = var.region, (local.key) = 1 }", ["var.region", "local.key"]),
        ('"literal"', []),
        ("42", []),
        ('["a", "b"]', []),
    ],
)
def test_references_follow_terraform(expression: str, expected: list[str]) -> None:
    assert references_in_text(expression) == expected
