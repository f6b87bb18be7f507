"""Reads no twin can answer: refused with the reason by the twin, deferred by `sespolicy plan`."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from sespolicy.provider.datasources import ReadRefused
from sespolicy.provider.deferred_reads import (
    DEFERRAL_FILE,
    DEFERRAL_RESOURCE,
    defer_reads,
    deferred_read_types,
)
from sespolicy.provider.served_types import shipped_utility_types
from sespolicy.provider.utility_reads import read_utility_data_source
from sespolicy.provider.wire_values import null_block

MAIN_TF = """\
# data "archive_file" "in_a_comment" {}
data "archive_file" "zip" {
  type        = "zip"
  source_file = "index.js" # a { brace in a comment
  output_path = "out.zip"
}

data "external" "one_line" { program = ["python3", "x.py"] }

data "http" "with_depends" {
  url        = "https://example.com/{x}"
  depends_on = [aws_s3_bucket.b]
}

data "aws_region" "untouched" {}

locals {
  text = "data \\"external\\" \\"in_a_string\\" {"
}
"""


def test_every_shipped_deferred_read_is_a_real_data_source() -> None:
    types = deferred_read_types()
    assert {"archive_file", "external", "http", "cloudinit_config"} <= types
    served = {
        name
        for provider in ("archive", "external", "http", "local", "tls", "cloudinit")
        for name in shipped_utility_types(provider).names("data")
    }
    assert types <= served


def test_deferral_edits_only_the_blocks_it_must(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MAIN_TF, "utf-8")
    (tmp_path / "other.tf.json").write_text(
        json.dumps({"data": {"http": {"j": {"url": "https://example.com"}}}}), "utf-8"
    )
    result = defer_reads(tmp_path)
    assert sorted(result.addresses) == [
        "data.archive_file.zip",
        "data.external.one_line",
        "data.http.j",
        "data.http.with_depends",
    ]
    text = (tmp_path / "main.tf").read_text("utf-8")
    assert text.count(DEFERRAL_RESOURCE) == 3
    assert f"depends_on = [{DEFERRAL_RESOURCE}, aws_s3_bucket.b]" in text
    assert '# data "archive_file" "in_a_comment" {}' in text
    assert 'data "aws_region" "untouched" {}' in text
    document = json.loads((tmp_path / "other.tf.json").read_text("utf-8"))
    assert document["data"]["http"]["j"]["depends_on"] == [DEFERRAL_RESOURCE]
    assert 'resource "terraform_data" "sespolicy_deferred_read"' in (
        tmp_path / DEFERRAL_FILE
    ).read_text("utf-8")


def test_deferral_never_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "main.tf").write_text(MAIN_TF, "utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "linked.tf").symlink_to(outside / "main.tf")
    (tree / "modules").symlink_to(outside, target_is_directory=True)
    assert defer_reads(tree).addresses == []
    assert (outside / "main.tf").read_text("utf-8") == MAIN_TF
    assert not (outside / DEFERRAL_FILE).exists()


def test_terraform_accepts_the_rewritten_configuration(
    terraform_binary, terraform_env, generated_v6, tmp_path
) -> None:
    (tmp_path / "main.tf").write_text(
        MAIN_TF.replace("aws_s3_bucket.b", "terraform_data.other")
        + 'resource "terraform_data" "other" {}\n',
        "utf-8",
    )
    defer_reads(tmp_path)

    def terraform(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [terraform_binary, *args, "-no-color"],
            cwd=tmp_path,
            env=terraform_env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert terraform("init", f"-plugin-dir={generated_v6.plugin_dir}").returncode == 0
    validated = terraform("validate")
    assert validated.returncode == 0, validated.stderr


@pytest.mark.parametrize(
    ("provider", "type_name", "reason"),
    [
        ("archive", "archive_file", "only built at apply"),
        ("external", "external", "runs no programs"),
        ("http", "http", "makes no network requests"),
        ("local", "local_command", "runs no commands"),
    ],
)
def test_the_twin_refuses_reads_it_cannot_know(provider: str, type_name: str, reason: str) -> None:
    types = shipped_utility_types(provider)
    data_source = types.data_source(type_name)
    with pytest.raises(ReadRefused, match=reason):
        read_utility_data_source(
            f"registry.terraform.io/hashicorp/{provider}",
            type_name,
            data_source,
            null_block(data_source["block"]),
            None,
        )


def test_local_file_reads_the_file_relative_to_terraforms_directory(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"a": 1}', "utf-8")
    data_source = shipped_utility_types("local").data_source("local_file")
    config = null_block(data_source["block"]) | {"filename": "settings.json"}
    state = read_utility_data_source("local", "local_file", data_source, config, tmp_path)
    assert state["content"] == '{"a": 1}'
    assert state["content_sha256"] == (
        "f9d86028c6e0d64e225186f96acb69338b2c59764df79162107f5c4bb34d1310"
    )
    missing = null_block(data_source["block"]) | {"filename": "nope.json"}
    with pytest.raises(ReadRefused, match=r"cannot read nope\.json"):
        read_utility_data_source("local", "local_file", data_source, missing, tmp_path)


def test_a_read_only_file_in_the_copy_is_still_deferred(tmp_path: Path) -> None:
    """The copy keeps the user's file modes; a read-only .tf file (a checkout made read-only,
    a Nix store) is ours to change in the copy."""
    main = tmp_path / "main.tf"
    main.write_text(MAIN_TF, "utf-8")
    main.chmod(0o444)
    found = defer_reads(tmp_path)
    assert "data.archive_file.zip" in found.addresses
    assert DEFERRAL_RESOURCE in main.read_text("utf-8")


ARCHIVE_READ = """
data "archive_file" "code" {
  type        = "zip"
  source_file = "${path.module}/index.js"
  output_path = "${path.module}/code.zip"
}
output "hash" {
  value = data.archive_file.code.output_base64sha256
}
"""


def test_plan_defers_reads_in_its_private_copy_only(terraform_binary: str, tmp_path: Path) -> None:
    """Deferral edits happen in the copy, after the survey: a .tf file reached through a link
    inside DIR and a remote module from .terraform/modules are deferred there, and the user's
    files (link targets, module cache) are left byte for byte."""
    from sespolicy.provider.planrun import PlanRequest, run_plan

    config = tmp_path / "infra"
    shared = tmp_path / "infra" / "shared"
    shared.mkdir(parents=True)
    (shared / "archive.tf.txt").write_text(ARCHIVE_READ.replace("code", "linked"), "utf-8")
    (shared / "index.js").write_text("exports.handler = () => {};\n", "utf-8")
    (config / "index.js").write_text("exports.handler = () => {};\n", "utf-8")
    (config / "archive.tf").symlink_to(Path("shared") / "archive.tf.txt")
    (config / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'module "zipper" {\n  source = "example.com/acme/zipper/aws"\n}\n'
        'resource "aws_sns_topic" "t" {\n  name = "t-${module.zipper.hash}"\n}\n',
        "utf-8",
    )
    cached = config / ".terraform" / "modules" / "zipper"
    cached.mkdir(parents=True)
    (cached / "main.tf").write_text(ARCHIVE_READ, "utf-8")
    (cached / "index.js").write_text("exports.handler = () => {};\n", "utf-8")
    (config / ".terraform" / "modules" / "modules.json").write_text(
        json.dumps(
            {
                "Modules": [
                    {"Key": "", "Source": "", "Dir": "."},
                    {
                        "Key": "zipper",
                        "Source": "example.com/acme/zipper/aws",
                        "Dir": ".terraform/modules/zipper",
                    },
                ]
            }
        ),
        "utf-8",
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    plan = json.loads(run_plan(PlanRequest(config_dir=config)).plan_json)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert not list(tmp_path.rglob(DEFERRAL_FILE))
    reads = {
        rc["address"]: rc["change"]
        for rc in plan["resource_changes"]
        if rc["change"]["actions"] == ["read"]
    }
    assert set(reads) == {"data.archive_file.linked", "module.zipper.data.archive_file.code"}
    assert all(change["after_unknown"]["output_base64sha256"] for change in reads.values())
    topic = next(rc for rc in plan["resource_changes"] if rc["address"] == "aws_sns_topic.t")
    assert topic["change"]["after_unknown"]["name"] is True


REMOTE_STATE = """
data "terraform_remote_state" "network" {
  backend = "s3"
  config = {
    bucket = "acme-state"
    key    = "network.tfstate"
    region = "eu-west-1"
  }
}
data "terraform_remote_state" "prerequisites" {
  backend = "local"
  config = {
    path = "${path.module}/state/prerequisites.tfstate"
  }
}
resource "aws_ses_domain_identity" "d" {
  domain = data.terraform_remote_state.network.outputs.domain
}
resource "aws_sns_topic" "t" {
  name = data.terraform_remote_state.prerequisites.outputs.topic
}
"""


def test_remote_state_is_unknown_offline_not_an_error(
    terraform_binary: str, tmp_path: Path
) -> None:
    """Another configuration's state (in a backend needing credentials, or written by another
    root's apply) is read at apply: its outputs plan as unknown, as an offline plan must say."""
    from sespolicy.provider.planrun import PlanRequest, run_plan

    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n' + REMOTE_STATE, "utf-8"
    )
    plan = json.loads(run_plan(PlanRequest(config_dir=tmp_path)).plan_json)
    changes = {rc["address"]: rc["change"] for rc in plan["resource_changes"]}
    for name in ("network", "prerequisites"):
        read = changes[f"data.terraform_remote_state.{name}"]
        assert read["actions"] == ["read"] and read["after_unknown"]["outputs"] is True
    assert changes["aws_ses_domain_identity.d"]["after_unknown"]["domain"] is True
    assert changes["aws_sns_topic.t"]["after_unknown"]["name"] is True
