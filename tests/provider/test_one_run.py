"""One run of `sespolicy plan` says everything that stops the plan, in one line."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from cli_helpers import plan_error

from sespolicy.provider.planrun import PlanRequest, run_plan


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


EVERYTHING_WRONG = """
terraform {
  required_providers {
    random = { source = "hashicorp/random", version = "< 1.0" }
  }
}
variable "domain" {
  type = string
}
variable "zones" {
  type = map(object({
    id = string
  }))
}
variable "tags" {
  type    = map(string)
  default = {}
}
provider "aws" {
  region = "us-east-1"
}
resource "aws_ses_domain_identity" "ok" {
  domain = var.domain
}
resource "aws_instanse" "a" {
  ami = "x"
}
resource "aws_wafv2_web_acl" "b" {}
data "aws_vcp" "c" {}
resource "random_id" "r" {
  byte_length = 4
}
resource "awscc_ses_contact_list" "l" {}
resource "acme_widget" "w" {}
module "remote" {
  source = "git::https://example.com/mail.git"
}
"""


def test_every_problem_is_named_in_one_line(terraform_binary, tmp_path, capsys) -> None:
    config = write(tmp_path / "c" / "main.tf", EVERYTHING_WRONG).parent
    message = plan_error(config, capsys)
    for expected in (
        # a constraint no twin can present a version for
        "the configuration's hashicorp/random version constraints (< 1.0) allow no version the "
        "shipped twin can present",
        # providers, with the first type that needs each
        "2 providers are not available offline: hashicorp/acme (acme_widget in main.tf:34), "
        "hashicorp/awscc (awscc_ses_contact_list in main.tf:33)",
        # every type the aws twin does not serve, with why when the type exists
        "3 types are not served by the hashicorp/aws 6.47.0 (shipped) twin: data source aws_vcp "
        "(main.tf:29), resource aws_instanse (main.tf:25), resource aws_wafv2_web_acl "
        "(main.tf:28; its schema is not in sespolicy's schema source)",
        "1 remote module needs network: module.remote (git::https://example.com/mail.git",
        # every required variable without a value, with its type and how to pass it
        "2 required variables have no value: domain (string), zones (map(object({ id = string })))",
        "--var NAME=VALUE",
        "--var-file FILE",
    ):
        assert expected in message
    assert "tags" not in message.split("have no value:")[1]


def test_awscc_is_never_taken_for_aws(terraform_binary, tmp_path, capsys) -> None:
    config = write(
        tmp_path / "c" / "main.tf",
        'terraform {\n  required_providers {\n    awscc = { source = "hashicorp/awscc" }\n'
        '    aws = { source = "hashicorp/aws" }\n  }\n}\n'
        'resource "awscc_ses_configuration_set" "x" {}\n'
        'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n',
    ).parent
    for _ in range(4):  # the vague registry error used to come in some runs and not others
        message = plan_error(config, capsys)
        assert "1 provider is not available offline: hashicorp/awscc" in message
        assert "failed to query" not in message.lower()


def installed_terraform_version(binary: str) -> str:
    output = subprocess.run([binary, "version", "-json"], capture_output=True, check=True).stdout
    return json.loads(output)["terraform_version"]


def test_required_version_names_both_versions(terraform_binary, tmp_path, capsys) -> None:
    config = tmp_path / "c"
    write(
        config / "main.tf",
        'terraform {\n  required_version = ">= 99.0"\n}\n'
        'module "m" {\n  source = "./m"\n}\n'
        'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n',
    )
    write(config / "m" / "main.tf", 'terraform {\n  required_version = "< 1.0"\n}\n')
    message = plan_error(config, capsys)
    installed = installed_terraform_version(terraform_binary)
    assert ">= 99.0 (main.tf line 2)" in message
    assert "< 1.0 (m/main.tf line 2)" in message
    assert f"the installed Terraform is {installed}" in message


def test_all_terraform_errors_of_a_run_are_named(terraform_binary, tmp_path, capsys) -> None:
    config = write(
        tmp_path / "c" / "main.tf",
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        'resource "aws_sns_topic" "a" {\n  nmae = "a"\n}\n'
        'resource "aws_sns_topic" "b" {\n  name = aws_sns_topic.missing.name\n}\n',
    ).parent
    message = plan_error(config, capsys)
    assert "terraform plan failed with 2 errors" in message
    assert 'Unsupported argument (main.tf line 5): An argument named "nmae"' in message
    assert "Reference to undeclared resource (main.tf line 8)" in message


def test_text_quoted_from_terraform_output_is_escaped(terraform_binary, tmp_path, capsys) -> None:
    config = write(
        tmp_path / "c" / "main.tf",
        'variable "v" {\n  type    = string\n  default = "x"\n  validation {\n'
        "    condition     = length(var.v) > 5\n"
        '    error_message = "Short\\r::error file=main.tf,line=1::pwned\\u001b[2K value."\n'
        "  }\n}\n",
    ).parent
    message = plan_error(config, capsys)  # one line, whatever the configuration says
    assert "Short" in message and "value." in message
    assert "\r" not in message and "\x1b" not in message
    assert "\\x1b[2K" in message  # written as an escape, not sent to the terminal


# Symbolic links ---------------------------------------------------------------------------


def test_links_inside_the_tree_are_copied_as_their_targets(terraform_binary, tmp_path) -> None:
    config = tmp_path / "c"
    write(config / "main.tf", 'provider "aws" {\n  region = "us-east-1"\n}\n')
    write(
        config / "shared" / "topics.tf.txt",
        'resource "aws_sns_topic" "linked" {\n  name = "l"\n}\n',
    )
    write(config / "policies-real" / "p.json", '{"Version": "2012-10-17"}')
    (config / "topics.tf").symlink_to("shared/topics.tf.txt")
    (config / "policies").symlink_to("policies-real", target_is_directory=True)
    write(
        config / "uses.tf",
        'resource "aws_sns_topic" "with_policy" {\n  name = "p"\n'
        '  policy = file("${path.module}/policies/p.json")\n}\n',
    )
    plan = json.loads(run_plan(PlanRequest(config_dir=config)).plan_json)
    changes = {rc["address"]: rc["change"] for rc in plan["resource_changes"]}
    assert changes["aws_sns_topic.linked"]["after"]["name"] == "l"
    assert changes["aws_sns_topic.with_policy"]["after"]["policy"] == '{"Version": "2012-10-17"}'


def test_links_leaving_the_tree_are_refused_by_name(terraform_binary, tmp_path, capsys) -> None:
    outside = write(tmp_path / "secrets" / "credentials", "aws_secret_access_key = x\n")
    config = tmp_path / "c"
    write(config / "main.tf", 'output "x" {\n  value = file("${path.module}/creds")\n}\n')
    (config / "creds").symlink_to(outside)
    (config / "docs").mkdir()
    (config / "docs" / "home").symlink_to(Path.home(), target_is_directory=True)
    message = plan_error(config, capsys)
    assert f"creds is a symbolic link to {outside}, outside {config}" in message
    assert f"docs/home is a symbolic link to {Path.home().resolve()}" in message
    assert "aws_secret_access_key" not in message


def test_a_loop_of_links_and_a_fifo_do_not_hang_the_copy(terraform_binary, tmp_path) -> None:
    config = tmp_path / "c"
    write(config / "main.tf", 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n')
    (config / "sub").mkdir()
    (config / "sub" / "back").symlink_to("..", target_is_directory=True)
    os.mkfifo(config / "pipe")
    plan = json.loads(
        run_plan(PlanRequest(config_dir=config, default_region="eu-west-1")).plan_json
    )
    assert [rc["address"] for rc in plan["resource_changes"]] == ["aws_sns_topic.t"]


# Provider majors ---------------------------------------------------------------------------


def pinned(config: Path, constraint: str, body: str) -> Path:
    return write(
        config / "main.tf",
        'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", '
        f'version = "{constraint}" }}\n  }}\n}}\nprovider "aws" {{\n  region = "eu-west-1"\n}}\n'
        + body,
    ).parent


def test_provider_4_pin_plans_with_the_v4_twin(terraform_binary, tmp_path) -> None:
    config = pinned(
        tmp_path / "c",
        "~> 4.0",
        'resource "aws_ses_domain_identity" "d" {\n  domain = "example.com"\n}\n',
    )
    result = run_plan(PlanRequest(config_dir=config))
    assert (result.mode, result.version) == ("v4", "4.67.0")
    identity = json.loads(result.plan_json)["resource_changes"][0]["change"]
    assert "region" not in identity["after"] and "region" not in identity["after_unknown"]


SPOT_REQUEST_3X = """
resource "aws_spot_instance_request" "worker" {
  ami           = "ami-12345678"
  instance_type = "t3.micro"
  # 4.0 dropped this spelling (3.x also knew `instance_interruption_behavior`).
  instance_interruption_behaviour = "stop"
}
"""


def test_provider_3_pin_plans_with_the_real_3x_schema(terraform_binary, tmp_path) -> None:
    """A 3.x argument that 4.0 renamed plans: the v3 twin serves the 3.76.1 schema itself."""
    config = pinned(tmp_path / "c", "~> 3.60", SPOT_REQUEST_3X)
    result = run_plan(PlanRequest(config_dir=config))
    assert (result.mode, result.version) == ("v3", "3.76.1")
    assert "hashicorp/aws 3.76.1 (shipped)" in result.providers
    plan = json.loads(result.plan_json)
    spot = plan["resource_changes"][0]["change"]
    assert spot["after"]["instance_interruption_behaviour"] == "stop"
    assert "instance_interruption_behavior" not in spot["after"]
    assert plan["configuration"]["provider_config"]["aws"]["version_constraint"] == "~> 3.60"

