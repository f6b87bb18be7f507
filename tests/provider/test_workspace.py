"""Reading a configuration without a full HCL parser, and copying what it reaches."""

from __future__ import annotations

from pathlib import Path

from sespolicy.provider import hclscan
from sespolicy.provider.configscan import inspect_configuration
from sespolicy.provider.workspace import copy_configuration, plan_copy

TRICKY = """
# a comment with a brace {
terraform {
  required_providers {
    aws    = { source = "hashicorp/aws", version = "~> 5.0" }
    random = {
      source  = "hashicorp/random" // not aws
      version = ">= 3"
    }
  }
  backend "s3" {
    key = "state{}"
  }
}
locals {
  text = <<EOT
terraform {
  backend "gcs" {}
EOT
  obj = { source = "../not-a-module" }
}
/* module "commented" { source = "../gone" } */
module "mail" {
  source = "../modules/mail"
}
"""


def test_scan_finds_blocks_outside_strings_heredocs_and_comments() -> None:
    top = hclscan.blocks(hclscan.blank_comments(TRICKY))
    assert [(b.type, b.labels) for b in top] == [
        ("terraform", ()),
        ("locals", ()),
        ("module", ("mail",)),
    ]
    inner = hclscan.blocks(top[0].body)
    assert [(b.type, b.labels) for b in inner] == [("required_providers", ()), ("backend", ("s3",))]
    providers = hclscan.object_arguments(inner[0].body)
    assert hclscan.string_argument(providers["aws"], "version") == "~> 5.0"
    assert hclscan.string_argument(providers["random"], "source") == "hashicorp/random"


def make_tree(root: Path) -> Path:
    config = root / "envs" / "prod"
    module = root / "modules" / "mail"
    shared = root / "shared"
    for directory in (config, module, shared):
        directory.mkdir(parents=True)
    (config / "main.tf").write_text(TRICKY.replace("../modules", "../../modules"), "utf-8")
    (config / ".terraform.lock.hcl").write_text(
        '# real provider hashes\nprovider "registry.terraform.io/hashicorp/aws" {\n'
        '  version     = "5.82.2"\n  constraints = "~> 5.0"\n  hashes = ["h1:x="]\n}\n',
        "utf-8",
    )
    (config / ".terraform").mkdir()
    (config / ".terraform" / "junk").write_text("x", "utf-8")
    (module / "main.tf").write_text(
        'resource "aws_sns_topic" "t" {\n'
        '  policy = file("${path.module}/../../shared/p.json")\n'
        "}\n",
        "utf-8",
    )
    (shared / "p.json").write_text("{}", "utf-8")
    (root / "unrelated").mkdir()
    (root / "unrelated" / "big.bin").write_text("not needed", "utf-8")
    return config


def test_inspect_collects_constraint_backend_and_reachable_paths(tmp_path: Path) -> None:
    config = make_tree(tmp_path)
    facts = inspect_configuration(config)
    assert facts.aws_constraints == ["~> 5.0"]
    assert facts.backend == "s3"
    assert facts.locked_aws_version == "5.82.2"
    assert (tmp_path / "modules" / "mail").resolve() in facts.module_dirs
    assert (tmp_path / "shared" / "p.json").resolve() in facts.referenced_paths
    # "../not-a-module" names nothing that exists: no parent directory is dragged in for it.
    assert (tmp_path / "envs").resolve() not in facts.referenced_paths


def test_copy_keeps_relative_layout_and_leaves_terraform_state_dirs_behind(
    tmp_path: Path,
) -> None:
    config = make_tree(tmp_path / "user")
    plan = plan_copy(inspect_configuration(config))
    assert plan.problems == []
    workspace = copy_configuration(plan, tmp_path / "copy")
    assert (workspace.config_dir / "main.tf").is_file()
    assert (workspace.config_dir / "../../modules/mail/main.tf").resolve().is_file()
    assert (workspace.config_dir / "../../shared/p.json").resolve().is_file()
    assert not (workspace.config_dir / ".terraform.lock.hcl").exists()
    assert not (workspace.config_dir / ".terraform").exists()
    assert not (workspace.root / "unrelated").exists()
