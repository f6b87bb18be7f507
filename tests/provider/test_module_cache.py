"""Registry and git modules plan offline from the module cache an online `terraform init` left.

The cache is pre-filled the way Terraform 1.11 writes it: `.terraform/modules/modules.json`
(Key, Source, Version, Dir) and one folder per remote module, local modules inside a remote
one included.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sespolicy.cli import main
from sespolicy.provider.planrun import PlanRequest, run_plan

ROOT = """
provider "aws" {
  region = "eu-west-1"
}
module "ses" {
  source  = "cloudposse/ses/aws"
  version = "~> 0.25"
  domain  = "mail.example.com"
}
module "alerts" {
  source = "git::https://example.com/acme/alerts.git?ref=v1.2.0"
}
module "local" {
  source = "./modules/local"
}
"""

REGISTRY_MODULE = """
variable "domain" {
  type = string
}
resource "aws_ses_domain_identity" "this" {
  domain = var.domain
}
module "dkim" {
  source   = "./modules/dkim"
  identity = aws_ses_domain_identity.this.domain
}
"""

DKIM_MODULE = """
variable "identity" {
  type = string
}
resource "aws_ses_domain_dkim" "this" {
  domain = var.identity
}
"""

MANIFEST = {
    "Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {
            "Key": "alerts",
            "Source": "git::https://example.com/acme/alerts.git?ref=v1.2.0",
            "Dir": ".terraform/modules/alerts",
        },
        {"Key": "local", "Source": "./modules/local", "Dir": "modules/local"},
        {
            "Key": "ses",
            "Source": "registry.terraform.io/cloudposse/ses/aws",
            "Version": "0.25.0",
            "Dir": ".terraform/modules/ses",
        },
        {
            "Key": "ses.dkim",
            "Source": "./modules/dkim",
            "Dir": ".terraform/modules/ses/modules/dkim",
        },
    ]
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


@pytest.fixture
def initialised_config(tmp_path: Path) -> Path:
    """A configuration as it looks after an online `terraform init`."""
    config = tmp_path / "infra"
    write(config / "main.tf", ROOT)
    write(config / "modules/local/main.tf", 'resource "aws_sns_topic" "l" {\n  name = "l"\n}\n')
    cache = config / ".terraform/modules"
    write(cache / "ses/main.tf", REGISTRY_MODULE)
    write(cache / "ses/modules/dkim/main.tf", DKIM_MODULE)
    write(cache / "alerts/main.tf", 'resource "aws_sns_topic" "alerts" {\n  name = "a"\n}\n')
    write(cache / "alerts/.git/HEAD", "ref: refs/heads/main\n")  # a git checkout's own folder
    write(cache / "modules.json", json.dumps(MANIFEST))
    return config


def test_registry_and_git_modules_plan_from_the_cache(
    terraform_binary: str, initialised_config: Path
) -> None:
    before = {p: p.stat().st_mtime_ns for p in initialised_config.rglob("*")}
    plan = json.loads(run_plan(PlanRequest(config_dir=initialised_config)).plan_json)
    changes = {rc["address"]: rc["change"] for rc in plan["resource_changes"]}
    assert changes["module.ses.aws_ses_domain_identity.this"]["after"]["domain"] == (
        "mail.example.com"
    )
    assert changes["module.ses.aws_ses_domain_identity.this"]["after"]["region"] == "eu-west-1"
    assert "module.ses.module.dkim.aws_ses_domain_dkim.this" in changes
    assert "module.alerts.aws_sns_topic.alerts" in changes
    assert "module.local.aws_sns_topic.l" in changes
    calls = plan["configuration"]["root_module"]["module_calls"]
    assert calls["ses"]["source"] == "cloudposse/ses/aws"
    assert calls["ses"]["version_constraint"] == "~> 0.25"
    # The user's directory, cache included, is as it was.
    assert {p: p.stat().st_mtime_ns for p in initialised_config.rglob("*")} == before


def test_a_module_missing_from_the_cache_is_named_with_every_other(
    terraform_binary: str, initialised_config: Path, capsys
) -> None:
    with (initialised_config / "more.tf").open("w") as more:
        more.write('module "new" {\n  source = "terraform-aws-modules/sns/aws"\n}\n')
        more.write('module "other" {\n  source = "github.com/acme/other"\n}\n')
    code = main(["plan", str(initialised_config)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "2 remote modules need network" in err
    assert "module.new (terraform-aws-modules/sns/aws, more.tf:1)" in err
    assert "module.other (github.com/acme/other, more.tf:4)" in err
    assert "does not have them: run `terraform init` online again" in err
