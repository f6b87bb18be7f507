"""Findings point at the file and line of the resource block, and of the attribute in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sespolicy.errors import InputError
from sespolicy.findings import SourceLocation
from sespolicy.hcl import locate_sources
from sespolicy.hcl.locations import strip_instance_keys

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hcl"


def test_resource_block_location_in_the_root_module() -> None:
    index = locate_sources(str(FIXTURES / "receipt_rule_s3_kms"))
    assert index.location("aws_ses_receipt_rule.store") == SourceLocation("main.tf", 17, 30)


def test_attribute_and_nested_block_locations() -> None:
    index = locate_sources(str(FIXTURES / "receipt_rule_s3_kms"))
    address = "aws_ses_receipt_rule.store"
    assert index.attribute_location(address, "recipients") == SourceLocation("main.tf", 20, 20)
    assert index.attribute_location(address, "s3_action") == SourceLocation("main.tf", 24, 29)
    kms = index.attribute_location(address, "s3_action[0].kms_key_arn")
    assert kms == SourceLocation("main.tf", 26, 26)
    assert index.attribute_location(address, "s3_action.bucket_name").line == 25
    assert index.attribute_location(address, "s3_action.*.kms_key_arn").line == 26


def test_attribute_not_written_falls_back_to_the_enclosing_block() -> None:
    index = locate_sources(str(FIXTURES / "receipt_rule_s3_kms"))
    address = "aws_ses_receipt_rule.store"
    assert index.attribute_location(address, "region") == SourceLocation("main.tf", 17, 30)
    assert index.attribute_location(address, "s3_action[0].topic_arn").line == 24
    assert index.attribute_location("aws_sns_topic.nowhere", "region") is None


def test_module_resources_map_to_the_module_file_relative_to_the_source_dir() -> None:
    index = locate_sources(str(FIXTURES / "module_given_aliased_provider"))
    location = index.location("module.mail.module.topic.aws_sns_topic.this")
    assert location == SourceLocation("modules/mail/topic/main.tf", 5, 7)
    # Two calls of one module share its source lines.
    assert index.location("module.mail_default.aws_ses_domain_identity.this") == index.location(
        "module.mail.aws_ses_domain_identity.this"
    )
    assert index.location("module.mail") == SourceLocation("main.tf", 10, 16)


def test_instance_keys_are_ignored() -> None:
    index = locate_sources(str(FIXTURES / "module_given_aliased_provider"))
    keyed = 'module.mail["x.y"].module.topic[0].aws_sns_topic.this[3]'
    assert index.location(keyed) == SourceLocation("modules/mail/topic/main.tf", 5, 7)
    assert keyed in index


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ('module.mail["eu"].aws_sns_topic.t[0]', "module.mail.aws_sns_topic.t"),
        ('aws_sns_topic.t["a]b"]', "aws_sns_topic.t"),
        ("data.aws_region.current", "data.aws_region.current"),
    ],
)
def test_strip_instance_keys(address: str, expected: str) -> None:
    assert strip_instance_keys(address) == expected


def test_unreadable_modules_are_skipped_not_fatal() -> None:
    index = locate_sources(str(FIXTURES / "registry_module_unresolved"))
    assert index.location("aws_sns_topic.local") == SourceLocation("main.tf", 11, 13)
    assert index.location("module.ses.aws_ses_domain_identity.this") is None


def test_syntax_error_in_the_source_dir_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"main\.tf:7"):
        locate_sources(str(FIXTURES / "syntax_error"))
