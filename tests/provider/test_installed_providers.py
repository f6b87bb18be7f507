"""Any provider, from an initialised directory: the installed binary's schema, served by a twin.

The provider is `example.com/acme/tiny`, a real plugin executable built by the test (see
tiny_provider.py) and installed where `terraform init` puts providers.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from tiny_provider import SOURCE, install_tiny_provider

from sespolicy.cli import main
from sespolicy.errors import InputError
from sespolicy.provider.generate import platform_dir_name
from sespolicy.provider.installed import read_installed_provider_schemas
from sespolicy.provider.planrun import PlanRequest, run_plan

CONFIG = """
terraform {
  required_providers {
    tiny = { source = "example.com/acme/tiny", version = "~> 0.3" }
    aws  = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region = "eu-west-1"
}
provider "tiny" {
  endpoint = "https://tiny.example.com"
}
resource "tiny_thing" "mail" {
  name   = "mail"
  size   = 3
  labels = { team = "mail" }
  rule {
    action = "allow"
  }
}
resource "aws_sns_topic" "bounces" {
  name = "bounces-${tiny_thing.mail.name}"
}
resource "aws_ses_email_identity" "x" {
  email = tiny_thing.mail.id
}
"""


@pytest.fixture
def call_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What the tiny binary was asked; the schema cache is private to the test."""
    log = tmp_path / "tiny-calls.log"
    monkeypatch.setenv("TINY_PROVIDER_LOG", str(log))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return log


def calls(log: Path) -> list[str]:
    return log.read_text("utf-8").split() if log.exists() else []


def test_schema_is_read_from_the_binary_over_protocol_5(tmp_path: Path, call_log: Path) -> None:
    install_tiny_provider(tmp_path, version="0.3.1")
    schemas = read_installed_provider_schemas(tmp_path)
    assert set(schemas) == {SOURCE}
    version, protocol, schema = schemas[SOURCE]
    assert (version, protocol) == ("0.3.1", 5)
    thing = schema["resource_schemas"]["tiny_thing"]["block"]
    assert thing["attributes"]["name"] == {
        "type": "string",
        "required": True,
        "description_kind": "plain",
    }
    assert thing["attributes"]["labels"]["type"] == ["map", "string"]
    assert thing["attributes"]["token"]["sensitive"] is True
    assert thing["block_types"]["rule"]["nesting_mode"] == "list"
    assert thing["block_types"]["rule"]["max_items"] == 3
    assert set(schema["data_source_schemas"]) == {"tiny_lookup"}
    assert schema["provider"]["block"]["attributes"]["endpoint"]["optional"] is True
    assert calls(call_log) == ["GetSchema", "Shutdown"]
    # The second read comes from the cache: the binary is not started again.
    assert read_installed_provider_schemas(tmp_path)[SOURCE] == schemas[SOURCE]
    assert calls(call_log) == ["GetSchema", "Shutdown"]


def test_the_locked_version_is_read_when_several_are_installed(
    tmp_path: Path, call_log: Path
) -> None:
    install_tiny_provider(tmp_path, version="0.3.1")
    install_tiny_provider(tmp_path, version="0.4.0")
    assert read_installed_provider_schemas(tmp_path)[SOURCE].version == "0.4.0"
    (tmp_path / ".terraform.lock.hcl").write_text(
        f'provider "{SOURCE}" {{\n  version = "0.3.1"\n}}\n', "utf-8"
    )
    assert read_installed_provider_schemas(tmp_path)[SOURCE].version == "0.3.1"


def test_a_binary_that_is_not_a_plugin_is_one_clear_error(tmp_path: Path, call_log: Path) -> None:
    target = tmp_path / ".terraform/providers" / SOURCE / "0.3.1" / platform_dir_name()
    target.mkdir(parents=True)
    fake = target / "terraform-provider-tiny_v0.3.1"
    fake.write_text("#!/bin/sh\necho hello\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(InputError, match="did not answer as a Terraform provider"):
        read_installed_provider_schemas(tmp_path)


def write_tiny_config(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text(CONFIG, "utf-8")
    return directory


@pytest.mark.parametrize("isolated", [False, True], ids=["shared", "isolated"])
def test_installed_provider_plans_offline_through_its_twin(
    terraform_binary: str, tmp_path: Path, call_log: Path, isolated: bool
) -> None:
    config = write_tiny_config(tmp_path / "c")
    install_tiny_provider(config, version="0.3.1")
    result = run_plan(PlanRequest(config_dir=config, isolated_provider=isolated))
    plan = json.loads(result.plan_json)
    changes = {rc["address"]: rc for rc in plan["resource_changes"]}
    thing = changes["tiny_thing.mail"]
    assert thing["provider_name"] == SOURCE
    assert thing["change"]["after"] == {
        "name": "mail",
        "size": 3,
        "labels": {"team": "mail"},
        "rule": [{"action": "allow"}],
    }
    # What the provider computes is unknown; what its schema marks sensitive stays so.
    assert thing["change"]["after_unknown"]["id"] is True
    assert thing["change"]["after_unknown"]["token"] is True
    assert thing["change"]["after_sensitive"]["token"] is True
    assert changes["aws_sns_topic.bounces"]["change"]["after"]["name"] == "bounces-mail"
    assert changes["aws_sns_topic.bounces"]["change"]["after"]["region"] == "eu-west-1"
    tiny_config = plan["configuration"]["provider_config"]["tiny"]
    assert tiny_config["full_name"] == SOURCE
    assert tiny_config["version_constraint"] == "~> 0.3"
    assert "example.com/acme/tiny 0.3.1 (installed)" in result.providers
    # The real binary was only asked for its schema; the twin did the planning.
    assert calls(call_log) == ["GetSchema", "Shutdown"]


def test_user_directory_keeps_its_terraform_folder_untouched(
    terraform_binary: str, tmp_path: Path, call_log: Path, capsys
) -> None:
    config = write_tiny_config(tmp_path / "c")
    executable = install_tiny_provider(config, version="0.3.1")
    before = {p: p.stat().st_mtime_ns for p in config.rglob("*")}
    out = tmp_path / "plan.json"
    assert main(["plan", str(config), "--out", str(out)]) in (0, 1), capsys.readouterr().err
    assert {p: p.stat().st_mtime_ns for p in config.rglob("*")} == before
    assert not (config / ".terraform.lock.hcl").exists()
    assert executable.read_text("utf-8").startswith("#!")


LOOKUPS = """
data "tiny_lookup" "mail" {
  name = "mail-domain"
}
data "tiny_lookup" "later" {
  name = tiny_thing.mail.id
}
resource "aws_ses_domain_identity" "from_lookup" {
  domain = data.tiny_lookup.mail.value
}
resource "aws_sns_topic" "from_later" {
  name = data.tiny_lookup.later.value
}
"""


def data_resources(plan: dict) -> dict[str, dict]:
    resources = plan["prior_state"]["values"]["root_module"]["resources"]
    return {r["address"]: r for r in resources if r["mode"] == "data"}


@pytest.mark.parametrize("isolated", [False, True], ids=["shared", "isolated"])
def test_installed_providers_data_sources_are_read_by_its_twin(
    terraform_binary: str, tmp_path: Path, call_log: Path, isolated: bool
) -> None:
    """A data source of a provider sespolicy does not ship is answered by the generic twin:
    a deterministic value of the schema's type at plan time, or, when its arguments are only
    known at apply, a read Terraform defers (every value unknown) - never an AWS refusal."""
    config = write_tiny_config(tmp_path / "c")
    (config / "lookups.tf").write_text(LOOKUPS, "utf-8")
    install_tiny_provider(config, version="0.3.1")
    plans = [
        json.loads(run_plan(PlanRequest(config_dir=config, isolated_provider=isolated)).plan_json)
        for _ in range(2)
    ]
    read = data_resources(plans[0])["data.tiny_lookup.mail"]
    assert read["provider_name"] == SOURCE
    assert read["values"]["name"] == "mail-domain"
    value = read["values"]["value"]
    assert isinstance(value, str) and value
    # Deterministic: the same configuration reads the same value in every run.
    assert data_resources(plans[1])["data.tiny_lookup.mail"]["values"]["value"] == value
    changes = {rc["address"]: rc for rc in plans[0]["resource_changes"]}
    assert changes["aws_ses_domain_identity.from_lookup"]["change"]["after"]["domain"] == value
    deferred = changes["data.tiny_lookup.later"]
    assert deferred["change"]["actions"] == ["read"]
    assert deferred["change"]["after_unknown"]["value"] is True
    assert changes["aws_sns_topic.from_later"]["change"]["after_unknown"]["name"] is True
    assert calls(call_log) == ["GetSchema", "Shutdown"]


def test_without_terraform_folder_every_unknown_provider_is_named_at_once(
    terraform_binary: str, tmp_path: Path, capsys
) -> None:
    config = write_tiny_config(tmp_path / "c")
    with (config / "more.tf").open("w") as more:
        more.write('resource "random_id" "r" {\n  byte_length = 4\n}\n')
        more.write('resource "cloudflare_record" "mx" {\n  name = "x"\n}\n')
    code = main(["plan", str(config)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "2 providers are not available offline" in err
    for named in (
        "example.com/acme/tiny (tiny_thing in main.tf:14)",
        "hashicorp/cloudflare (cloudflare_record in more.tf:4)",
    ):
        assert named in err
    # hashicorp/random has a shipped twin: it is not a problem.
    assert "random" not in err.split("sespolicy ships")[0]
    assert "run `terraform init` online once" in err
