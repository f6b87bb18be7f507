"""A `.tf` directory becomes a dict in Terraform's JSON plan format, as far as HCL can tell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sespolicy.errors import InputError
from sespolicy.hcl import UNRESOLVED_KEY, load_directory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hcl"


def _load(name: str, **kwargs: Any) -> dict[str, Any]:
    return load_directory(str(FIXTURES / name), **kwargs)


def _configured_resources(module: dict[str, Any], prefix: str = "") -> dict[str, dict]:
    """Every configuration resource by its full address (module path + address)."""
    found = {prefix + r["address"]: r for r in module.get("resources", [])}
    for name, call in module.get("module_calls", {}).items():
        found.update(_configured_resources(call.get("module", {}), f"{prefix}module.{name}."))
    return found


def _changes(plan: dict[str, Any]) -> dict[str, dict]:
    return {change["address"]: change for change in plan["resource_changes"]}


def _unresolved(plan: dict[str, Any]) -> dict[str, str]:
    return {entry["address"]: entry["reason"] for entry in plan[UNRESOLVED_KEY]}


def test_plan_header_follows_the_json_plan_format() -> None:
    plan = _load("provider_aliases")
    assert plan["format_version"] == "1.2"
    assert plan["terraform_version"] is None
    assert plan[UNRESOLVED_KEY] == []


def test_provider_aliases_get_their_own_keys_with_expressions() -> None:
    plan = _load("provider_aliases")
    providers = plan["configuration"]["provider_config"]
    assert providers["aws"] == {
        "name": "aws",
        "full_name": "registry.terraform.io/hashicorp/aws",
        "version_constraint": ">= 5.0.0, < 7.0.0",
        "expressions": {"region": {"constant_value": "eu-west-1"}},
    }
    assert providers["aws.virginia"]["alias"] == "virginia"
    assert providers["aws.virginia"]["expressions"] == {"region": {"constant_value": "us-east-1"}}
    resources = _configured_resources(plan["configuration"]["root_module"])
    assert resources["aws_ses_domain_identity.eu"]["provider_config_key"] == "aws"
    assert resources["aws_ses_domain_identity.us"]["provider_config_key"] == "aws.virginia"
    # `provider` is a meta-argument, not one of the resource's own expressions.
    assert "provider" not in resources["aws_ses_domain_identity.us"]["expressions"]


def test_module_given_an_aliased_provider_uses_the_root_key_nested_modules_too() -> None:
    plan = _load("module_given_aliased_provider")
    resources = _configured_resources(plan["configuration"]["root_module"])
    assert resources["module.mail.aws_ses_domain_identity.this"]["provider_config_key"] == "aws.eu"
    assert (
        resources["module.mail.module.topic.aws_sns_topic.this"]["provider_config_key"] == "aws.eu"
    )
    assert (
        resources["module.mail_default.aws_ses_domain_identity.this"]["provider_config_key"]
        == "aws"
    )
    # Keys of configurations passed into modules are not listed, only root ones.
    assert sorted(plan["configuration"]["provider_config"]) == ["aws", "aws.eu"]


def test_module_calls_record_source_inputs_and_module_instances() -> None:
    plan = _load("module_given_aliased_provider")
    call = plan["configuration"]["root_module"]["module_calls"]["mail"]
    assert call["source"] == "./modules/mail"
    assert call["expressions"] == {"domain": {"constant_value": "mail.example.com"}}
    nested = call["module"]["module_calls"]["topic"]
    assert nested["expressions"] == {"name": {"references": ["var.domain"]}}
    changes = _changes(plan)
    topic = changes["module.mail.module.topic.aws_sns_topic.this"]
    assert topic["module_address"] == "module.mail.module.topic"
    # The input flows through two modules: "bounces-${var.domain}" is known.
    assert topic["change"]["after"] == {"name": "bounces-mail.example.com"}


def test_module_with_its_own_provider_block_keeps_a_module_key() -> None:
    plan = _load("local_module_own_provider")
    providers = plan["configuration"]["provider_config"]
    assert providers["module.audit:aws"]["module_address"] == "module.audit"
    assert providers["module.audit:aws"]["expressions"] == {
        "region": {"constant_value": "eu-central-1"}
    }
    resources = _configured_resources(plan["configuration"]["root_module"])
    assert (
        resources["module.audit.aws_s3_bucket.audit"]["provider_config_key"] == "module.audit:aws"
    )
    # A module output made of known values is known where it is used.
    rule = _changes(plan)["aws_ses_receipt_rule.archive"]["change"]
    assert rule["after"]["s3_action"] == [{"bucket_name": "audit-mail", "position": 1}]


def test_provider_region_from_a_variable_default() -> None:
    plan = _load("region_from_variable_default")
    assert plan["variables"] == {"region": {"value": "eu-west-1"}}
    region = plan["configuration"]["provider_config"]["aws"]["expressions"]["region"]
    assert region == {"references": ["var.region"]}
    variables = plan["configuration"]["root_module"]["variables"]
    assert variables == {"region": {"default": "eu-west-1"}}
    rule_set = _changes(plan)["aws_ses_receipt_rule_set.main"]["change"]["after"]
    assert rule_set == {"rule_set_name": "main-eu-west-1"}


def test_tfvars_files_override_defaults_in_terraform_order() -> None:
    # terraform.tfvars says us-west-2; the later *.auto.tfvars.json says ap-southeast-2.
    assert _load("region_from_tfvars")["variables"]["region"] == {"value": "ap-southeast-2"}


def test_explicit_var_files_and_values_override_automatic_ones() -> None:
    directory = FIXTURES / "region_from_tfvars"
    with_file = _load("region_from_tfvars", var_files=[str(directory / "explicit.tfvars")])
    assert with_file["variables"]["region"] == {"value": "ca-central-1"}
    with_value = _load(
        "region_from_tfvars",
        var_files=[str(directory / "explicit.tfvars")],
        variables={"region": "sa-east-1"},
    )
    assert with_value["variables"]["region"] == {"value": "sa-east-1"}


def test_v6_resource_level_region_is_an_expression_and_a_value() -> None:
    plan = _load("region_v6_resource_attribute")
    resources = _configured_resources(plan["configuration"]["root_module"])
    topic = resources["aws_sns_topic.bounces_eu"]
    assert topic["expressions"]["region"] == {"constant_value": "eu-west-1"}
    assert topic["provider_config_key"] == "aws"
    after = _changes(plan)["aws_sns_topic.bounces_eu"]["change"]["after"]
    assert after == {"name": "ses-bounces", "region": "eu-west-1"}
    assert plan["configuration"]["provider_config"]["aws"]["version_constraint"] == "~> 6.0"


def test_for_each_expands_into_keyed_instances_with_each_key_substituted() -> None:
    plan = _load("count_and_for_each")
    changes = _changes(plan)
    eu = changes['aws_sesv2_email_identity.per_region["eu-west-1"]']
    us = changes['aws_sesv2_email_identity.per_region["us-east-1"]']
    assert eu["index"] == "eu-west-1"
    assert eu["change"]["after"]["region"] == "eu-west-1"
    assert us["change"]["after"]["region"] == "us-east-1"
    by_map = changes['aws_sns_topic.by_map["complaints"]']["change"]["after"]
    assert by_map == {"name": "complaints", "region": "us-east-1"}
    resources = _configured_resources(plan["configuration"]["root_module"])
    per_region = resources["aws_sesv2_email_identity.per_region"]
    assert per_region["for_each_expression"] == {"references": ["var.sending_regions"]}
    assert per_region["expressions"]["region"] == {"references": ["each.key"]}
    # A set(string) default is written sorted, as Terraform converts it.
    assert plan["variables"]["sending_regions"] == {"value": ["eu-west-1", "us-east-1"]}


def test_count_expands_into_numbered_instances_in_planned_values_too() -> None:
    plan = _load("count_and_for_each")
    changes = _changes(plan)
    assert changes["aws_sns_topic.numbered[0]"]["index"] == 0
    assert changes["aws_sns_topic.numbered[1]"]["change"]["after"] == {"name": "topic-1"}
    assert "aws_sns_topic.numbered[2]" not in changes
    planned = {r["address"]: r for r in plan["planned_values"]["root_module"]["resources"]}
    assert planned["aws_sns_topic.numbered[1]"]["values"] == {"name": "topic-1"}
    assert planned["aws_sns_topic.numbered[1]"]["provider_name"] == (
        "registry.terraform.io/hashicorp/aws"
    )
    resources = _configured_resources(plan["configuration"]["root_module"])
    assert resources["aws_sns_topic.numbered"]["count_expression"] == {
        "references": ["var.topic_count"]
    }


def test_modules_with_count_and_for_each_expand_into_module_instances() -> None:
    plan = _load("module_count_and_for_each")
    changes = _changes(plan)
    eu = changes['module.notify["eu-west-1"].aws_sns_topic.bounces']
    assert eu["module_address"] == 'module.notify["eu-west-1"]'
    assert eu["change"]["after"] == {"name": "eu-bounces", "region": "eu-west-1"}
    assert changes["module.spare[0].aws_sns_topic.bounces"]["change"]["after"]["name"] == "spare-0"
    children = [c["address"] for c in plan["planned_values"]["root_module"]["child_modules"]]
    assert children == [
        'module.notify["eu-west-1"]',
        'module.notify["us-east-1"]',
        "module.spare[0]",
    ]
    call = plan["configuration"]["root_module"]["module_calls"]["notify"]
    assert call["for_each_expression"] == {"references": ["var.regions"]}
    assert call["expressions"]["region"] == {"references": ["each.key"]}
    assert plan["planned_values"]["outputs"]["eu_topic"] == {
        "sensitive": False,
        "value": "eu-bounces",
    }


def test_unresolvable_count_and_for_each_keep_one_instance_and_say_why() -> None:
    plan = _load("unknown_count")
    changes = _changes(plan)
    assert "aws_sns_topic.copies" in changes
    assert "aws_sns_topic.per_topic" in changes
    unresolved = _unresolved(plan)
    assert "count" in unresolved["aws_sns_topic.copies"]
    assert "aws_sns_topic.source.arn" in unresolved["aws_sns_topic.copies"]
    assert "for_each" in unresolved["aws_sns_topic.per_topic"]


def test_receipt_rule_references_bucket_and_key_and_marks_unknowns() -> None:
    plan = _load("receipt_rule_s3_kms")
    resources = _configured_resources(plan["configuration"]["root_module"])
    s3_action = resources["aws_ses_receipt_rule.store"]["expressions"]["s3_action"]
    assert s3_action == [
        {
            "bucket_name": {"references": ["aws_s3_bucket.mail.bucket", "aws_s3_bucket.mail"]},
            "kms_key_arn": {"references": ["aws_kms_key.mail.arn", "aws_kms_key.mail"]},
            "object_key_prefix": {"constant_value": "incoming/"},
            "position": {"constant_value": 1},
        }
    ]
    change = _changes(plan)["aws_ses_receipt_rule.store"]["change"]
    assert change["actions"] == ["create"]
    assert change["before"] is None
    # The bucket name is written in the bucket's configuration, so Terraform knows it too;
    # the key's ARN exists only after apply.
    assert change["after"]["s3_action"] == [
        {"bucket_name": "inbound-mail", "object_key_prefix": "incoming/", "position": 1}
    ]
    assert change["after_unknown"]["s3_action"] == [{"kms_key_arn": True}]
    assert change["after"]["rule_set_name"] == "main"
    assert change["after_unknown"]["recipients"] == [False]


def test_data_aws_region_is_known_from_the_provider_the_module_was_given() -> None:
    plan = _load("data_region_from_module_provider")
    changes = _changes(plan)
    record = changes["module.inbound_eu.aws_route53_record.inbound_mx"]["change"]
    assert record["after"]["records"] == ["10 inbound-smtp.eu-west-1.amazonaws.com"]
    assert record["after_unknown"]["zone_id"] is True
    # An explicit `region` argument of the data source wins over the provider's.
    topic = changes["aws_sns_topic.named_after_region"]["change"]["after"]
    assert topic == {"name": "topic-ap-southeast-2"}


def test_registry_module_is_recorded_and_reported_unresolved() -> None:
    plan = _load("registry_module_unresolved")
    call = plan["configuration"]["root_module"]["module_calls"]["ses"]
    assert call["source"] == "cloudposse/ses/aws"
    assert call["version_constraint"] == "0.25.1"
    assert call["module"] == {}
    assert "terraform init" in _unresolved(plan)["module.ses"]
    assert "aws_sns_topic.local" in _changes(plan)


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(InputError) as raised:
        _load("syntax_error")
    message = str(raised.value)
    assert message.startswith("main.tf:7")
    assert "syntax error" in message
    assert "\n" not in message


def test_missing_module_source_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"module 'gone'.*\./modules/not-there"):
        _load("missing_module_source")


def test_directory_without_tf_files_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not terraform\n")
    with pytest.raises(InputError, match=r"no \.tf files"):
        load_directory(str(tmp_path))


def test_missing_root_variable_is_reported(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "region" {}\nprovider "aws" {\n  region = var.region\n}\n'
    )
    plan = load_directory(str(tmp_path))
    assert "variables" not in plan or "region" not in plan["variables"]
    assert "no value" in _unresolved(plan)["var.region"]


def test_data_sources_depending_on_unknowns_are_deferred_reads(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n'
        'data "aws_sns_topic" "known" {\n  name = "t"\n}\n'
        'data "aws_iam_policy_document" "later" {\n'
        "  statement {\n    resources = [aws_sns_topic.t.arn]\n  }\n}\n"
    )
    plan = load_directory(str(tmp_path))
    changes = _changes(plan)
    assert "data.aws_sns_topic.known" not in changes
    assert changes["data.aws_iam_policy_document.later"]["change"]["actions"] == ["read"]
    planned = {r["address"] for r in plan["planned_values"]["root_module"]["resources"]}
    assert {"data.aws_sns_topic.known", "data.aws_iam_policy_document.later"} <= planned


def test_sensitive_values_are_marked_through_locals_and_module_inputs(tmp_path: Path) -> None:
    (tmp_path / "child").mkdir()
    (tmp_path / "main.tf").write_text(
        'variable "token" {\n  default   = "s3cr3t"\n  sensitive = true\n}\n'
        'locals {\n  header = "Bearer ${var.token}"\n}\n'
        'resource "aws_ssm_parameter" "p" {\n  name  = "p"\n  value = local.header\n}\n'
        'module "child" {\n  source = "./child"\n  secret = var.token\n}\n'
    )
    (tmp_path / "child" / "main.tf").write_text(
        'variable "secret" {}\n'
        'resource "aws_ssm_parameter" "c" {\n  name  = "c"\n  value = var.secret\n}\n'
    )
    changes = _changes(load_directory(str(tmp_path)))
    # `value_wo` is marked too: the provider schema declares it sensitive, and Terraform marks
    # such attributes even when they are null.
    root = changes["aws_ssm_parameter.p"]["change"]
    assert root["after_sensitive"] == {"value": True, "value_wo": True}
    child = changes["module.child.aws_ssm_parameter.c"]["change"]
    assert child["after_sensitive"] == {"value": True, "value_wo": True}


def _holds_a_mark(marks: Any) -> bool:
    if isinstance(marks, dict):
        return any(_holds_a_mark(mark) for mark in marks.values())
    if isinstance(marks, list):
        return any(_holds_a_mark(mark) for mark in marks)
    return marks is True


def _covered(mine: Any, terraform: Any) -> bool:
    """Every mark Terraform wrote is also in `mine` (ours may hide more, never less)."""
    if mine is True or not _holds_a_mark(terraform):
        return True
    if terraform is True:
        return False
    if isinstance(terraform, dict):
        return isinstance(mine, dict) and all(
            _covered(mine.get(key), mark) for key, mark in terraform.items()
        )
    if isinstance(terraform, list):
        return isinstance(mine, list) and all(
            _covered(mine[i] if i < len(mine) else None, mark) for i, mark in enumerate(terraform)
        )
    return True


def test_sensitive_marks_cover_every_mark_real_terraform_wrote_for_the_same_configuration() -> None:
    """tests/fixtures/sensitive/: the plan Terraform 1.11 wrote for config/. A nested block of
    set nesting (a receipt rule's s3_action) that holds one sensitive attribute is marked whole,
    since set elements have no address of their own."""
    sensitive = FIXTURES.parent / "sensitive"
    terraform = _changes(json.loads((sensitive / "plan_sensitive_values.json").read_text("utf-8")))
    mine = _changes(load_directory(str(sensitive / "config")))
    missed = [
        address
        for address, change in terraform.items()
        if not _covered(
            mine[address]["change"]["after_sensitive"], change["change"]["after_sensitive"]
        )
    ]
    assert missed == []
    assert mine["aws_ses_receipt_rule.store"]["change"]["after_sensitive"]["s3_action"] is True


LINKS = 300  # far more than Python's stack allows when each link is evaluated inside the last


def _chain_of_resources(folder: Path) -> str:
    text = ""
    for position in range(LINKS):
        last = position == LINKS - 1
        source = "var.token" if last else f"aws_ssm_parameter.p{position + 1:04d}.value"
        text += f'resource "aws_ssm_parameter" "p{position:04d}" {{\n  name  = "p{position}"\n'
        text += f"  value = {source}\n}}\n"
    return text


def _chain_of_locals(folder: Path) -> str:
    lines = [
        f"  l{position:04d} = "
        + ("var.token" if position == LINKS - 1 else f"local.l{position + 1:04d}")
        for position in range(LINKS)
    ]
    return (
        "locals {\n" + "\n".join(lines) + "\n}\n"
        'resource "aws_ssm_parameter" "p0000" {\n  name  = "p"\n  value = local.l0000\n}\n'
    )


def _chain_of_modules(folder: Path) -> str:
    (folder / "pass").mkdir()
    (folder / "pass" / "main.tf").write_text(
        'variable "input" {}\noutput "out" {\n  value     = var.input\n  sensitive = true\n}\n'
    )
    text = ""
    for position in range(LINKS):
        source = "var.token" if position == LINKS - 1 else f"module.m{position + 1:04d}.out"
        text += f'module "m{position:04d}" {{\n  source = "./pass"\n  input  = {source}\n}}\n'
    return text + (
        'resource "aws_ssm_parameter" "p0000" {\n  name  = "p"\n  value = module.m0000.out\n}\n'
    )


@pytest.mark.parametrize("chain", [_chain_of_resources, _chain_of_locals, _chain_of_modules])
def test_a_long_chain_written_backwards_carries_its_value_and_sensitivity(
    tmp_path: Path, chain: Any
) -> None:
    """Each link reads the next and only the last reads the sensitive variable: the value and
    its sensitivity reach the first resource (a .tf folder comes from pull requests too; a
    long chain used to be a RecursionError)."""
    variable = 'variable "token" {\n  default   = "s3cr3t"\n  sensitive = true\n}\n'
    (tmp_path / "main.tf").write_text(variable + chain(tmp_path))
    changes = _changes(load_directory(str(tmp_path)))
    first = changes["aws_ssm_parameter.p0000"]["change"]
    assert first["after"]["value"] == "s3cr3t"
    assert first["after_sensitive"]["value"] is True
    parameters = [change for change in changes.values() if change["type"] == "aws_ssm_parameter"]
    assert all(change["change"]["after_sensitive"]["value"] is True for change in parameters)
    assert all("name" not in change["change"]["after_sensitive"] for change in parameters)


def test_values_take_the_type_the_provider_schema_gives_them(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_route53_record" "mx" {\n  zone_id = "Z1"\n  name = "example.com"\n'
        '  type = "MX"\n  ttl = "300"\n  records = ["20 b.example.com", "10 a.example.com"]\n}\n'
        'resource "aws_kms_key" "k" {\n  enable_key_rotation = "true"\n'
        '  timeouts {\n    create = "5m"\n  }\n}\n'
    )
    plan = load_directory(str(tmp_path))
    changes = _changes(plan)
    record = changes["aws_route53_record.mx"]["change"]["after"]
    assert record["ttl"] == 300  # a number in the schema
    assert record["records"] == ["10 a.example.com", "20 b.example.com"]  # a set, sorted
    key = changes["aws_kms_key.k"]["change"]["after"]
    assert key["enable_key_rotation"] is True
    assert key["timeouts"] == {"create": "5m"}  # single-nested block: one object
    resources = _configured_resources(plan["configuration"]["root_module"])
    assert resources["aws_route53_record.mx"]["schema_version"] == 2
    assert resources["aws_kms_key.k"]["expressions"]["timeouts"] == {
        "create": {"constant_value": "5m"}
    }
    # Configuration expressions keep the literal as written, as Terraform's do.
    assert resources["aws_route53_record.mx"]["expressions"]["ttl"] == {"constant_value": "300"}


def test_files_that_are_not_read_are_reported(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_sns_topic" "t" {\n  name = "t"\n}\n')
    (tmp_path / "extra.tf.json").write_text('{"resource": {}}')
    (tmp_path / "main_override.tf").write_text('resource "aws_sns_topic" "t" {\n  name = "x"\n}\n')
    plan = load_directory(str(tmp_path))
    reasons = " ".join(_unresolved(plan).values())
    assert "extra.tf.json was not read" in reasons
    assert "main_override.tf was not read" in reasons
    # The override was not applied.
    assert _changes(plan)["aws_sns_topic.t"]["change"]["after"] == {"name": "t"}


def test_json_only_directory_says_so(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text('{"resource": {}}')
    with pytest.raises(InputError, match=r"only JSON configuration"):
        load_directory(str(tmp_path))


def test_schema_versions_come_from_the_shipped_schema_pack() -> None:
    """Every hashicorp/aws resource's schema_version is the pack's (no hand-kept table), and a
    provider sespolicy ships no schema for gets Terraform's default, 0."""
    from sespolicy.hcl.plan_configuration import schema_version
    from sespolicy.provider.schema import shipped_pack
    from sespolicy.provider.sources import AWS_PROVIDER

    pack = shipped_pack()
    non_zero = {}
    for type_name in pack.variant("aws-v6").types["resource"]:
        stored = pack.type_schema("aws-v6", "resource", type_name) or {}
        assert schema_version("managed", type_name, AWS_PROVIDER) == stored.get("version", 0)
        if stored.get("version"):
            non_zero[type_name] = stored["version"]
    # The old hand-kept table said 1 for aws_instance; 6.x is at 2.
    assert non_zero["aws_instance"] == 2 and non_zero["aws_security_group"] == 1
    assert non_zero["aws_route53_record"] == 2
    assert len(non_zero) > 20
    assert schema_version("managed", "tiny_thing", "example.com/acme/tiny") == 0
