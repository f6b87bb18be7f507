"""`sespolicy plan` end to end with real Terraform: Regions, unknowns, modules, modes, errors."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import plan_error

from sespolicy.cli import main
from sespolicy.provider.planrun import PlanRequest, run_plan

CONFIGS = Path(__file__).parent / "configs"


@pytest.fixture
def multi_region_tree(terraform_binary: str, tmp_path: Path) -> Path:
    """A private copy of the multi-Region tree, so tests may add clutter to it (and planning
    it needs Terraform)."""
    shutil.copytree(CONFIGS / "multi_region", tmp_path / "multi_region")
    return tmp_path / "multi_region" / "envs" / "prod"


def plan_of(config_dir: Path, isolated: bool = False) -> dict[str, Any]:
    result = run_plan(PlanRequest(config_dir=config_dir, isolated_provider=isolated))
    return json.loads(result.plan_json)


def changes(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rc["address"]: rc["change"] for rc in plan["resource_changes"]}


def check_multi_region_plan(plan: dict[str, Any]) -> None:
    by_address = changes(plan)
    assert by_address['aws_ses_domain_identity.per_region["us-west-2"]']["after"]["region"] == (
        "us-west-2"
    )
    assert (
        by_address['aws_ses_domain_identity.per_region["ap-southeast-2"]']["after"]["region"]
        == "ap-southeast-2"
    )
    assert by_address["aws_sns_topic.bounces"]["after"]["region"] == "us-east-1"
    assert by_address["module.eu_mail.aws_ses_domain_identity.this"]["after"]["region"] == (
        "eu-west-1"
    )
    unplaced = by_address["aws_ses_email_identity.unplaced"]
    assert "region" not in unplaced["after"]
    assert unplaced["after_unknown"]["region"] is True
    notification = by_address["aws_ses_identity_notification_topic.bounces"]
    assert "topic_arn" not in notification["after"]
    assert notification["after_unknown"]["topic_arn"] is True
    assert by_address["aws_sns_topic.bounces"]["after"]["tags_all"] == {"team": "mail"}


def test_multi_region_plan_places_every_resource(multi_region_tree: Path) -> None:
    plan = plan_of(multi_region_tree)
    check_multi_region_plan(plan)
    root = plan["configuration"]["root_module"]
    per_region = next(r for r in root["resources"] if r["name"] == "per_region")
    assert per_region["expressions"]["region"]["references"] == ["each.key"]
    module = root["module_calls"]["eu_mail"]["module"]
    assert {r["provider_config_key"] for r in module["resources"]} == {"aws.eu"}
    assert set(plan["configuration"]["provider_config"]) == {"aws", "aws.eu", "aws.nowhere"}
    data = {
        r["address"]: r["values"] for r in plan["prior_state"]["values"]["root_module"]["resources"]
    }
    assert data["data.aws_region.eu"]["name"] == "eu-west-1"
    assert data["data.aws_region.eu"]["region"] == "eu-west-1"
    assert data["data.aws_caller_identity.me"]["account_id"] == "123456789012"
    tags = changes(plan)["module.eu_mail.aws_sesv2_configuration_set.this"]["after"]["tags"]
    assert tags == {"cost-centre": "42"}  # read through ../../shared in the copy


def test_isolated_provider_processes_plan_the_same(multi_region_tree: Path) -> None:
    check_multi_region_plan(plan_of(multi_region_tree, isolated=True))


def test_provider_5_constraint_plans_with_the_5x_shape(terraform_binary) -> None:
    plan = plan_of(CONFIGS / "provider_v5")
    by_address = changes(plan)
    identity = by_address["aws_ses_domain_identity.main"]
    assert "region" not in identity["after"] and "region" not in identity["after_unknown"]
    assert by_address["aws_s3_bucket.inbound"]["after_unknown"]["region"] is True
    region = plan["prior_state"]["values"]["root_module"]["resources"][0]["values"]
    assert region["name"] == "eu-central-1" and "region" not in region


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "dir"
        for path in sorted(root.rglob("*"))
    }


def test_user_directory_is_unchanged(multi_region_tree: Path, tmp_path: Path, capsys) -> None:
    # Clutter a real user's directory would have: the real provider's lock file and cache.
    (multi_region_tree / ".terraform.lock.hcl").write_text("# hashes of the real provider\n")
    (multi_region_tree / ".terraform").mkdir()
    (multi_region_tree / ".terraform" / "modules.json").write_text("{}")
    tree = multi_region_tree.parents[1]
    before = tree_digest(tree)
    stamps = {p: p.stat().st_mtime_ns for p in tree.rglob("*")}
    out = tmp_path / "plan.json"
    code = main(["plan", str(multi_region_tree), "--out", str(out)])
    capsys.readouterr()
    assert code in (0, 1), "a finished evaluation exits 0 or 1"
    assert json.loads(out.read_text("utf-8"))["format_version"]
    assert tree_digest(tree) == before
    assert {p: p.stat().st_mtime_ns for p in tree.rglob("*")} == stamps


def write_config(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n' + body, "utf-8"
    )
    return directory


def test_a_type_whose_schema_is_not_shipped_is_refused_with_the_reason(
    terraform_binary, tmp_path, capsys
) -> None:
    config = write_config(
        tmp_path / "c",
        'resource "aws_wafv2_web_acl" "x" {\n  name  = "a"\n  scope = "REGIONAL"\n}\n',
    )
    message = plan_error(config, capsys)
    assert "1 type is not served by the hashicorp/aws 6.47.0 (shipped) twin" in message
    assert "aws_wafv2_web_acl (main.tf:4; its schema is not in sespolicy's schema source" in message
    assert "plan with real Terraform and pass the plan JSON to `sespolicy eval`" in message


def test_every_type_that_does_not_exist_is_named_at_once(
    terraform_binary, tmp_path, capsys
) -> None:
    config = write_config(
        tmp_path / "c",
        'data "aws_not_a_type" "x" {\n}\nresource "aws_nor_this" "y" {\n}\n',
    )
    message = plan_error(config, capsys)
    assert "2 types are not served by the hashicorp/aws 6.47.0 (shipped) twin" in message
    assert "data source aws_not_a_type (main.tf:4)" in message
    assert "resource aws_nor_this (main.tf:6)" in message
    assert "check the type name and the provider version" in message


def test_a_provider_without_a_twin_is_named(terraform_binary, tmp_path, capsys) -> None:
    config = write_config(tmp_path / "c", 'resource "acme_widget" "x" {\n  size = 4\n}\n')
    message = plan_error(config, capsys)
    assert "1 provider is not available offline: hashicorp/acme (acme_widget in main.tf:4)" in (
        message
    )


def test_terraform_plan_error_shows_terraform_summary(terraform_binary, tmp_path, capsys) -> None:
    config = write_config(
        tmp_path / "c",
        'resource "aws_sns_topic" "x" {\n  name = aws_sns_topic.missing.name\n}\n',
    )
    message = plan_error(config, capsys)
    assert "Reference to undeclared resource" in message
    assert "main.tf line" in message


def test_registry_module_needs_network_and_says_so(terraform_binary, tmp_path, capsys) -> None:
    config = write_config(
        tmp_path / "c", 'module "ses" {\n  source = "git::https://example.invalid/ses.git"\n}\n'
    )
    message = plan_error(config, capsys)
    assert "1 remote module needs network: module.ses (git::https://example.invalid" in message
    assert "run `terraform init` online once" in message


def test_remote_backend_is_replaced_by_local_state(terraform_binary, tmp_path, capsys) -> None:
    config = write_config(
        tmp_path / "c",
        'terraform {\n  backend "s3" {\n    bucket = "state"\n    key = "k"\n'
        '    region = "us-east-1"\n  }\n}\nresource "aws_sns_topic" "x" {\n  name = "t"\n}\n',
    )
    out = tmp_path / "plan.json"
    code = main(["plan", str(config), "--out", str(out)])
    stderr = capsys.readouterr().err
    assert code in (0, 1), stderr
    assert "'s3' backend was replaced by local state" in stderr
    assert "aws_sns_topic.x" in {
        rc["address"] for rc in json.loads(out.read_text())["resource_changes"]
    }


def test_missing_terraform_binary_is_one_clear_error(tmp_path, capsys, monkeypatch) -> None:
    config = write_config(tmp_path / "c", "")
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    message = plan_error(config, capsys)
    assert "neither `terraform` nor `tofu`" in message


def test_explicit_terraform_path_that_does_not_exist(tmp_path, capsys) -> None:
    config = write_config(tmp_path / "c", "")
    message = plan_error(config, capsys, "--terraform", str(tmp_path / "no-terraform"))
    assert "not found" in message


def test_directory_without_configuration_is_refused(tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    message = plan_error(tmp_path / "empty", capsys)
    assert "no .tf files" in message


def test_var_and_var_file_reach_terraform(terraform_binary, tmp_path) -> None:
    config = tmp_path / "c"
    config.mkdir()
    (config / "main.tf").write_text(
        'variable "region" {\n  type = string\n}\nvariable "name" {\n  type = string\n}\n'
        'provider "aws" {\n  region = var.region\n}\n'
        'resource "aws_sns_topic" "x" {\n  name = var.name\n}\n',
        "utf-8",
    )
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('region = "sa-east-1"\n', "utf-8")
    result = run_plan(
        PlanRequest(config_dir=config, var_files=[var_file], variables=["name=alerts"])
    )
    after = changes(json.loads(result.plan_json))["aws_sns_topic.x"]["after"]
    assert after["region"] == "sa-east-1"
    assert after["name"] == "alerts"


@pytest.mark.parametrize("isolated", [False, True], ids=["shared", "isolated"])
def test_default_region_stands_in_for_aws_region(terraform_binary, tmp_path, isolated) -> None:
    config = tmp_path / "c"
    config.mkdir()
    (config / "main.tf").write_text(
        'provider "aws" {}\nresource "aws_sns_topic" "x" {\n  name = "t"\n}\n', "utf-8"
    )
    request = PlanRequest(
        config_dir=config, default_region="eu-north-1", isolated_provider=isolated
    )
    after = changes(json.loads(run_plan(request).plan_json))["aws_sns_topic.x"]["after"]
    assert after["region"] == "eu-north-1"
