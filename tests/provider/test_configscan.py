"""What `sespolicy plan` reads from a configuration before Terraform runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sespolicy.provider import hclscan
from sespolicy.provider.configscan import inspect_configuration
from sespolicy.provider.sources import (
    AWS_PROVIDER,
    BUILTIN_TERRAFORM_PROVIDER,
    address_on_host,
    provider_address,
)
from sespolicy.provider.variables import missing_variables, variable_file_names

ROOT = """
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws   = { source = "hashicorp/aws", version = "~> 5.0" }
    cf    = { source = "cloudflare/cloudflare" }
    utils = { source = "cloudposse/utils" }
  }
}
variable "domain" {
  type = string
}
variable "zones" {
  type = map(object({
    id   = string
    tags = optional(map(string), {})
  }))
}
variable "tags" {
  type    = map(string)
  default = {}
}
variable "untyped" {}
resource "aws_ses_domain_identity" "d" {
  domain = var.domain
}
resource "cf_record" "mx" {
  name = "x"
}
resource "random_id" "r" {
  byte_length = 4
}
data "utils_deep_merge_json" "m" {
  provider = utils.other
}
resource "terraform_data" "t" {}
module "child" {
  source = "./child"
}
module "remote" {
  source  = "cloudposse/ses/aws"
  version = "0.25.0"
}
"""

CHILD = """
resource "cf_zone" "z" {
  zone = "x"
}
resource "awscc_ses_contact_list" "c" {}
"""


@pytest.fixture
def configuration(tmp_path: Path) -> Path:
    (tmp_path / "child").mkdir()
    (tmp_path / "main.tf").write_text(ROOT, "utf-8")
    (tmp_path / "child" / "main.tf").write_text(CHILD, "utf-8")
    return tmp_path


def test_provider_addresses_follow_terraform() -> None:
    assert provider_address("hashicorp/aws") == AWS_PROVIDER
    assert provider_address("aws") == AWS_PROVIDER
    assert provider_address("Example.com/Acme/Tiny") == "example.com/acme/tiny"
    assert provider_address("terraform") == BUILTIN_TERRAFORM_PROVIDER
    assert provider_address("hashicorp/terraform") == "registry.terraform.io/hashicorp/terraform"


def test_only_public_registry_providers_move_to_another_registry_host() -> None:
    opentofu = "registry.opentofu.org"
    assert address_on_host(AWS_PROVIDER, opentofu) == "registry.opentofu.org/hashicorp/aws"
    assert address_on_host("example.com/acme/tiny", opentofu) == "example.com/acme/tiny"


def test_each_type_is_served_by_the_provider_its_module_resolves(configuration: Path) -> None:
    facts = inspect_configuration(configuration)
    providers = {(use.type_name, use.provider) for use in facts.type_uses}
    assert ("aws_ses_domain_identity", AWS_PROVIDER) in providers
    # A local name from required_providers, one implied, one from `provider = x.alias`.
    assert ("cf_record", "registry.terraform.io/cloudflare/cloudflare") in providers
    assert ("random_id", "registry.terraform.io/hashicorp/random") in providers
    assert ("utils_deep_merge_json", "registry.terraform.io/cloudposse/utils") in providers
    assert ("terraform_data", BUILTIN_TERRAFORM_PROVIDER) in providers
    # The child module has no required_providers: `cf` there means hashicorp/cf, and awscc is
    # its own provider, never hashicorp/aws.
    assert ("cf_zone", "registry.terraform.io/hashicorp/cf") in providers
    assert ("awscc_ses_contact_list", "registry.terraform.io/hashicorp/awscc") in providers
    assert BUILTIN_TERRAFORM_PROVIDER not in facts.providers
    assert facts.aws_constraints == ["~> 5.0"]
    location = next(u.location for u in facts.type_uses if u.type_name == "cf_zone")
    assert location.relative_to(configuration) == "child/main.tf:2"


def test_root_variables_with_type_and_whether_required(configuration: Path) -> None:
    facts = inspect_configuration(configuration)
    described = {(v.name, v.type, v.required) for v in facts.root_variables}
    assert described == {
        ("domain", "string", True),
        ("zones", "map(object({ id = string, tags = optional(map(string), {}) }))", True),
        ("tags", "map(string)", False),
        ("untyped", "any", True),
    }
    assert [r.constraint for r in facts.terraform_requirements] == [">= 1.5"]


def test_remote_module_without_a_cache_is_missing(configuration: Path) -> None:
    facts = inspect_configuration(configuration)
    assert [(c.key, c.source) for c in facts.missing_modules] == [("remote", "cloudposse/ses/aws")]
    assert (configuration / "child").resolve() in facts.module_dirs


def test_remote_module_in_the_cache_is_read_with_its_own_modules(configuration: Path) -> None:
    cached = configuration / ".terraform" / "modules" / "remote"
    (cached / "modules" / "inner").mkdir(parents=True)
    (cached / "main.tf").write_text(
        'module "inner" {\n  source = "./modules/inner"\n}\n'
        'module "deeper" {\n  source = "git::https://example.com/x.git"\n}\n',
        "utf-8",
    )
    (cached / "modules" / "inner" / "main.tf").write_text(
        'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n', "utf-8"
    )
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {
                "Key": "remote",
                "Source": "registry.terraform.io/cloudposse/ses/aws",
                "Version": "0.25.0",
                "Dir": ".terraform/modules/remote",
            },
        ]
    }
    (configuration / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))
    facts = inspect_configuration(configuration)
    keys = {call.key: call for call in facts.module_calls}
    assert keys["remote"].directory == cached.resolve()
    assert keys["remote.inner"].directory == (cached / "modules" / "inner").resolve()
    assert [call.key for call in facts.missing_modules] == ["remote.deeper"]
    assert "aws_sns_topic" in {use.type_name for use in facts.type_uses}
    assert facts.module_cache == (configuration / ".terraform" / "modules").resolve()
    # Cached code is not user code: it is copied with the cache, not as a module directory.
    assert cached.resolve() not in facts.module_dirs


def test_variables_files_name_what_they_set(tmp_path: Path) -> None:
    tfvars = tmp_path / "prod.tfvars"
    tfvars.write_text(
        '# comment = 1\nregion = "eu-west-1"\nzones = {\n  a = { id = "z" }\n}\n'
        "policy = <<EOT\nnot_a_variable = 1\nEOT\n",
        "utf-8",
    )
    assert variable_file_names(tfvars) == {"region", "zones", "policy"}
    as_json = tmp_path / "prod.tfvars.json"
    as_json.write_text('{"domain": "example.com"}', "utf-8")
    assert variable_file_names(as_json) == {"domain"}


def test_missing_variables_count_every_way_terraform_takes_a_value(configuration: Path) -> None:
    facts = inspect_configuration(configuration)
    (configuration / "terraform.tfvars").write_text('domain = "example.com"\n', "utf-8")
    given = configuration.parent / "given.tfvars"
    given.write_text("zones = {}\n", "utf-8")
    missing = missing_variables(facts.root_variables, configuration, [given], [], environ={})
    assert [v.name for v in missing] == ["untyped"]
    env = {"TF_VAR_untyped": "1"}
    assert missing_variables(facts.root_variables, configuration, [given], [], environ=env) == []
    none_given = missing_variables(facts.root_variables, configuration, [], ["untyped=1"], {})
    assert [v.name for v in none_given] == ["zones"]


def test_scanner_keeps_line_numbers_of_nested_blocks() -> None:
    text = 'terraform {\n  # note\n\n  backend "s3" {\n  }\n}\n'
    terraform = hclscan.blocks(hclscan.blank_comments(text))[0]
    backend = hclscan.blocks(terraform.body, terraform.line)[0]
    assert (terraform.line, backend.line) == (1, 4)
