"""The twins end to end with real Terraform: what `sespolicy plan` writes for configurations
that use IAM policy documents, archives, the utility providers and a 4.x pin."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sespolicy.provider.planrun import PlanRequest, run_plan

CONFIGS = Path(__file__).parent / "configs"

# What hashicorp/aws writes for data.aws_iam_policy_document.send in configs/iam_policy_identity:
# actions and principals sorted in reverse, condition values in their order, tests sorted, a
# lone {"*": ["*"]} principal written as "*", no Sid when none is given (5.0 and later).
EXPECTED_SEND_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowSendFromApp",
      "Effect": "Allow",
      "Action": [
        "ses:SendRawEmail",
        "ses:SendEmail"
      ],
      "Resource": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
      "Principal": {
        "AWS": [
          "arn:aws:iam::444455556666:role/app",
          "arn:aws:iam::111122223333:root"
        ]
      },
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "true"
        },
        "StringLike": {
          "ses:FromAddress": [
            "noreply@example.com",
            "alerts@example.com"
          ]
        }
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "ses:SendRawEmail",
      "Resource": "*",
      "Principal": "*"
    }
  ]
}"""

# Releases before 5.0 write an empty Sid.
EXPECTED_V4_POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "",
      "Effect": "Allow",
      "Action": "ses:SendEmail",
      "Resource": "*",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      }
    }
  ]
}"""


def plan_of(config_dir: Path) -> dict[str, Any]:
    return json.loads(run_plan(PlanRequest(config_dir=config_dir)).plan_json)


def changes(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rc["address"]: rc["change"] for rc in plan["resource_changes"]}


def read_values(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    resources = plan.get("prior_state", {}).get("values", {}).get("root_module", {})
    return {r["address"]: r["values"] for r in resources.get("resources", [])}


@pytest.fixture
def copied(tmp_path: Path, terraform_binary: str):
    """A private copy of a configuration directory (planning writes nothing into it, but the
    archive's output path must not land in the repository if it ever did)."""

    def copy(name: str) -> Path:
        shutil.copytree(CONFIGS / name, tmp_path / name)
        return tmp_path / name

    return copy


def test_identity_policy_is_what_the_real_provider_writes(copied) -> None:
    plan = plan_of(copied("iam_policy_identity"))
    policy = changes(plan)["aws_ses_identity_policy.send"]["after"]["policy"]
    assert policy == EXPECTED_SEND_POLICY
    document = read_values(plan)["data.aws_iam_policy_document.send"]
    assert document["json"] == EXPECTED_SEND_POLICY
    assert document["minified_json"] == json.dumps(
        json.loads(EXPECTED_SEND_POLICY), separators=(",", ":")
    )
    assert document["version"] == "2012-10-17"


def auth_findings(config: Path, tmp_path: Path, capsys) -> list[dict[str, Any]]:
    from sespolicy.cli import main

    code = main(["plan", str(config), "--out", str(tmp_path / "plan.json"), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    return [f for f in report["findings"] if f["rule_id"].startswith("SES-AUTH")]


def test_ses_auth_judges_the_policy_the_document_wrote(copied, tmp_path: Path, capsys) -> None:
    config = copied("iam_policy_identity")
    assert auth_findings(config, tmp_path, capsys) == []
    main_tf = config / "main.tf"
    wrong_region = main_tf.read_text("utf-8").replace(
        ":ses:${data.aws_region.current.region}:", ":ses:us-east-1:"
    )
    main_tf.write_text(wrong_region, "utf-8")
    findings = auth_findings(config, tmp_path, capsys)
    assert [(f["rule_id"], f["status"]) for f in findings] == [("SES-AUTH-002", "fail")]
    assert "arn:aws:ses:us-east-1:123456789012:identity/example.com" in findings[0]["message"]


def test_archive_hashes_are_unknown_and_flow_into_the_lambda_and_rule(copied) -> None:
    config = copied("archive_lambda_rule")
    plan = plan_of(config)
    by_address = changes(plan)
    archive = by_address["data.archive_file.inbound"]
    assert archive["actions"] == ["read"]
    assert archive["after_unknown"]["output_base64sha256"] is True
    assert archive["after"]["output_path"].endswith("build/inbound.zip")
    function = by_address["aws_lambda_function.inbound"]
    assert "source_code_hash" not in function["after"]
    assert function["after_unknown"]["source_code_hash"] is True
    assert function["after"]["function_name"] == "inbound-mail"
    assert function["after"]["region"] == "us-east-1"
    rule = by_address["aws_ses_receipt_rule.inbound"]
    assert rule["after_unknown"]["lambda_action"] == [{"function_arn": True}]
    assert rule["after"]["lambda_action"][0]["invocation_type"] == "Event"
    assert by_address["terraform_data.sespolicy_deferred_read"]["actions"] == ["create"]
    assert not (config / "build").exists(), "nothing is written into the user's directory"
    assume = read_values(plan)["data.aws_iam_policy_document.assume"]["json"]
    assert json.loads(assume)["Statement"][0] == {
        "Effect": "Allow",
        "Action": "sts:AssumeRole",
        "Principal": {"Service": "lambda.amazonaws.com"},
    }


def test_utility_providers_plan_unknowns_defaults_and_honest_reads(copied) -> None:
    plan = plan_of(copied("utility_providers"))
    by_address = changes(plan)
    password = by_address["random_password.smtp"]
    assert password["after_unknown"]["result"] is True
    assert password["after"]["special"] is True and password["after"]["min_lower"] == 0
    assert by_address["random_id.suffix"]["after_unknown"]["hex"] is True
    assert by_address["null_resource.hook"]["after_unknown"]["id"] is True
    assert by_address["time_static.created"]["after_unknown"]["rfc3339"] is True
    key = by_address["tls_private_key.dkim"]
    assert key["after"]["rsa_bits"] == 2048
    assert key["after_unknown"]["public_key_pem"] is True
    report = by_address["local_file.report"]
    assert report["after"]["file_permission"] == "0777"
    assert report["after_unknown"]["content_sha256"] is True
    # Pure reads are answered exactly …
    values = read_values(plan)
    settings = values["data.local_file.settings"]
    assert json.loads(settings["content"]) == {"sender": "noreply@example.com"}
    assert by_address["aws_ses_email_identity.sender"]["after"]["email"] == "noreply@example.com"
    # … and reads nothing offline can know are deferred: unknown, never invented.
    for address in ("data.external.lookup", "data.http.ranges", "data.cloudinit_config.boot"):
        assert by_address[address]["actions"] == ["read"], address
        assert address not in values
    assert by_address["data.external.lookup"]["after_unknown"]["result"] is True
    assert by_address["aws_ses_configuration_set.tagged"]["after_unknown"]["name"] is True
    assert by_address["aws_sns_topic.bounces"]["after_unknown"]["name"] is True


def test_a_4x_pin_plans_with_the_4x_provider(copied) -> None:
    result = run_plan(PlanRequest(config_dir=copied("provider_v4")))
    assert (result.mode, result.version) == ("v4", "4.67.0")
    plan = json.loads(result.plan_json)
    by_address = changes(plan)
    identity = by_address["aws_ses_domain_identity.main"]
    assert "region" not in identity["after"] and "region" not in identity["after_unknown"]
    assert by_address["aws_s3_bucket.inbound"]["after_unknown"]["region"] is True
    assert by_address["aws_ses_identity_policy.send"]["after"]["policy"] == EXPECTED_V4_POLICY
    assert plan["configuration"]["provider_config"]["aws"]["version_constraint"] == "~> 4.20"


def test_utility_twins_present_the_versions_older_pins_ask_for(
    tmp_path: Path, terraform_binary
) -> None:
    config = tmp_path / "old_pins"
    config.mkdir()
    (config / "main.tf").write_text(
        "terraform {\n  required_providers {\n"
        '    null   = { source = "hashicorp/null", version = "~> 2.1" }\n'
        '    random = { source = "hashicorp/random", version = "2.3.1" }\n'
        "  }\n}\n"
        'resource "null_resource" "a" {}\n'
        'resource "random_id" "b" {\n  byte_length = 2\n}\n',
        "utf-8",
    )
    plan = plan_of(config)
    assert set(changes(plan)) == {"null_resource.a", "random_id.b"}
    lock = (tmp_path / "old_pins" / ".terraform.lock.hcl").exists()
    assert not lock, "nothing is written into the user's directory"
