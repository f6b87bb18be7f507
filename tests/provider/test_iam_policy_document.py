"""aws_iam_policy_document: the JSON hashicorp/aws writes, for every shape of configuration."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest

from sespolicy.provider.iam_policy_document import PolicyDocumentError, policy_document


def statement(**fields: Any) -> dict[str, Any]:
    """A statement block as Terraform sends it: every attribute present, unset ones null."""
    block: dict[str, Any] = dict.fromkeys(
        ("sid", "effect", "actions", "not_actions", "resources", "not_resources")
    )
    block.update(principals=[], not_principals=[], condition=[])
    block.update(fields)
    return block


def document(*statements: dict[str, Any], **fields: Any) -> dict[str, Any]:
    config: dict[str, Any] = dict.fromkeys(
        ("policy_id", "version", "source_json", "override_json", "source_policy_documents")
    )
    config.update(override_policy_documents=None, statement=list(statements))
    config.update(fields)
    return config


def written(config: dict[str, Any], empty_sid: bool = False) -> Any:
    return json.loads(policy_document(config, empty_sid_written=empty_sid)["json"])


def test_lists_sorted_in_reverse_single_items_as_strings_and_no_empty_sid() -> None:
    config = document(
        statement(actions=["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources=["*"])
    )
    assert written(config) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
                "Resource": "*",
            }
        ],
    }


def test_releases_before_5_write_an_empty_sid_first() -> None:
    text = policy_document(document(statement(actions=["ses:SendEmail"])), True)["json"]
    assert text.splitlines()[4:6] == ['      "Sid": "",', '      "Effect": "Allow",']


def test_indentation_minified_form_and_id_are_the_providers() -> None:
    result = policy_document(document(statement(sid="A", actions=["sns:Publish"])), False)
    assert result["json"] == (
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "A",\n'
        '      "Effect": "Allow",\n      "Action": "sns:Publish"\n    }\n  ]\n}'
    )
    assert result["minified_json"] == (
        '{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"sns:Publish"}]}'
    )
    assert result["id"] == str(zlib.crc32(result["json"].encode()))
    assert result["version"] == "2012-10-17"


def test_principals_merge_by_type_and_wildcards_normalise() -> None:
    config = document(
        statement(
            actions=["kms:Decrypt"],
            principals=[
                {"type": "AWS", "identifiers": ["arn:aws:iam::111111111111:root"]},
                {"type": "Service", "identifiers": ["ses.amazonaws.com", "sns.amazonaws.com"]},
                {"type": "AWS", "identifiers": ["arn:aws:iam::222222222222:root"]},
            ],
        ),
        statement(actions=["kms:Encrypt"], principals=[{"type": "*", "identifiers": ["*"]}]),
        statement(actions=["kms:Sign"], principals=[{"type": "AWS", "identifiers": ["*"]}]),
    )
    first, second, third = written(config)["Statement"]
    assert first["Principal"] == {
        "AWS": ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"],
        "Service": ["sns.amazonaws.com", "ses.amazonaws.com"],
    }
    assert second["Principal"] == "*"
    assert third["Principal"] == {"AWS": "*"}


def test_conditions_keep_value_order_and_group_by_test_and_variable() -> None:
    config = document(
        statement(
            actions=["s3:ListBucket"],
            condition=[
                {"test": "StringLike", "variable": "s3:prefix", "values": ["home/", "", "a/"]},
                {"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]},
                {"test": "StringLike", "variable": "s3:prefix", "values": ["z/"]},
            ],
        )
    )
    assert written(config)["Statement"][0]["Condition"] == {
        "Bool": {"aws:SecureTransport": "false"},
        "StringLike": {"s3:prefix": ["home/", "", "a/", "z/"]},
    }


def test_policy_variables_are_written_with_dollar_signs_except_in_actions() -> None:
    config = document(
        statement(
            actions=["s3:&{weird}"],
            resources=["arn:aws:s3:::b/&{aws:username}/*"],
            condition=[{"test": "StringEquals", "variable": "x", "values": ["&{aws:userid}"]}],
        )
    )
    written_statement = written(config)["Statement"][0]
    assert written_statement["Action"] == "s3:&{weird}"
    assert written_statement["Resource"] == "arn:aws:s3:::b/${aws:username}/*"
    assert written_statement["Condition"]["StringEquals"]["x"] == "${aws:userid}"


def test_old_version_refuses_policy_variables() -> None:
    config = document(statement(resources=["arn:aws:s3:::b/&{aws:username}"]), version="2008-10-17")
    with pytest.raises(PolicyDocumentError, match=r"found &\{ sequence .* 2008-10-17"):
        policy_document(config, empty_sid_written=False)


def test_html_characters_are_escaped_as_go_does() -> None:
    config = document(
        statement(
            actions=["ses:SendEmail"],
            condition=[{"test": "StringLike", "variable": "ses:FromAddress", "values": ["<a&b>"]}],
        )
    )
    result = policy_document(config, empty_sid_written=False)
    assert "\\u003ca\\u0026b\\u003e" in result["json"]
    assert "<" not in result["minified_json"]


def test_sources_then_own_statements_then_overrides_with_sid_replacement() -> None:
    source = json.dumps(
        {
            "Version": "2008-10-17",
            "Id": "from-source",
            "Statement": [
                {"Sid": "Keep", "Effect": "Allow", "Action": ["b", "a"], "Resource": "*"},
                {"Sid": "Replace", "Effect": "Allow", "Action": "x:Old", "Resource": "*"},
                {"Effect": "Deny", "Action": "x:NoSid", "Principal": {"AWS": ["1", "2"]}},
            ],
        }
    )
    override = json.dumps(
        {"Statement": [{"Sid": "Keep", "Effect": "Deny", "Action": "x:Overridden"}]}
    )
    config = document(
        statement(sid="Replace", actions=["x:New"], resources=["*"]),
        statement(sid="Own", actions=["x:Own"]),
        source_policy_documents=[source],
        override_policy_documents=[override],
        policy_id="own-id",
    )
    result = written(config)
    assert result["Version"] == "2012-10-17"  # only ever upgraded
    assert result["Id"] == "own-id"
    assert [s.get("Sid") for s in result["Statement"]] == ["Keep", "Replace", None, "Own"]
    assert result["Statement"][0] == {"Sid": "Keep", "Effect": "Deny", "Action": "x:Overridden"}
    assert result["Statement"][1]["Action"] == "x:New"
    # Merged JSON keeps its list order; its principal lists are sorted in reverse.
    assert result["Statement"][2]["Principal"] == {"AWS": ["2", "1"]}


def test_json_condition_values_become_strings_or_are_dropped_as_the_provider_does() -> None:
    source = json.dumps(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Principal": "*",
                    "Condition": {
                        "Bool": {"aws:SecureTransport": True},
                        "NumericLessThan": {"s3:max-keys": 10},
                    },
                }
            ]
        }
    )
    merged = written(document(source_policy_documents=[source]))["Statement"][0]
    assert merged["Condition"] == {"Bool": {"aws:SecureTransport": "true"}}
    assert merged["Principal"] == "*"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            document(statement(sid="A", actions=["x"]), statement(sid="A", actions=["y"])),
            r"duplicate Sid \(A\)\. Remove the Sid or ensure the Sid is unique",
        ),
        (
            document(
                source_policy_documents=[
                    json.dumps({"Statement": [{"Sid": "S", "Effect": "Allow"}]}),
                    json.dumps({"Statement": [{"Sid": "S", "Effect": "Deny"}]}),
                ]
            ),
            r"source document 1: duplicate Sid \(S\) in source_policy_documents",
        ),
        (document(source_policy_documents=["{not json"]), r"merging source document 0"),
    ],
)
def test_what_the_provider_refuses_is_refused(config: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyDocumentError, match=message):
        policy_document(config, empty_sid_written=False)


def test_blank_sids_may_repeat() -> None:
    config = document(statement(sid="", actions=["a"]), statement(sid="", actions=["b"]))
    assert len(written(config)["Statement"]) == 2


def test_an_empty_document_is_just_the_version() -> None:
    assert written(document()) == {"Version": "2012-10-17"}
