"""`sespolicy provider generate`: the plugin directory layout Terraform's -plugin-dir expects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sespolicy.cli import main
from sespolicy.provider.generate import platform_dir_name


@pytest.mark.parametrize(
    ("extra", "version"),
    [
        ([], "6.47.0"),
        (["--mode", "v5"], "5.100.0"),
        (["--mode", "v4"], "4.67.0"),
        (["--mode", "v3"], "3.76.1"),
        (["--mode", "v3", "--version", "3.50.0"], "3.50.0"),
        (["--version", "6.1.0"], "6.1.0"),
    ],
)
def test_layout_and_launcher(tmp_path: Path, capsys, extra: list[str], version: str) -> None:
    code = main(["provider", "generate", "--out", str(tmp_path), *extra])
    printed = capsys.readouterr().out.strip()
    assert code == 0
    executable = (
        tmp_path
        / "registry.terraform.io/hashicorp/aws"
        / version
        / platform_dir_name()
        / f"terraform-provider-aws_v{version}_x5"
    )
    assert printed == str(executable)
    assert os.access(executable, os.X_OK)
    shebang = executable.read_text("utf-8").splitlines()[0]
    assert shebang.startswith(f"#!{sys.executable}")
    key = executable.parent / "server-key.pem"
    assert key.stat().st_mode & 0o077 == 0  # the TLS key is readable by its owner only


def test_unreadable_schema_is_one_line_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "schema.json"
    bad.write_text("{not json", "utf-8")
    code = main(["provider", "generate", "--schema", str(bad), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "is not JSON" in err and len(err.splitlines()) == 1


def test_schema_without_aws_is_refused(tmp_path: Path, capsys) -> None:
    other = tmp_path / "schema.json"
    other.write_text('{"format_version": "1.0", "provider_schemas": {}}', "utf-8")
    code = main(["provider", "generate", "--schema", str(other), "--out", str(tmp_path / "o")])
    assert code == 2
    assert "no schema for registry.terraform.io/hashicorp/aws" in capsys.readouterr().err


PINNED_TO_5 = """terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
provider "aws" {
  region = "eu-west-1"
}
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}
"""


def pinned_config(tmp_path: Path) -> Path:
    config = tmp_path / "infra"
    config.mkdir()
    (config / "main.tf").write_text(PINNED_TO_5, "utf-8")
    return config


def test_for_dir_picks_mode_and_version_from_the_constraint(tmp_path: Path, capsys) -> None:
    config = pinned_config(tmp_path)
    code = main(["provider", "generate", "--for", str(config), "--out", str(tmp_path / "p")])
    assert code == 0
    assert "/hashicorp/aws/5.100.0/" in capsys.readouterr().out
    argv = ["provider", "generate", "--for", str(config), "--version", "5.30.0"]
    assert main([*argv, "--out", str(tmp_path / "q")]) == 0
    assert "/hashicorp/aws/5.30.0/" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--mode", "v6"], "--mode v6 does not fit"),
        (["--version", "6.2.0"], "--version 6.2.0 does not satisfy"),
    ],
)
def test_explicit_choices_that_contradict_the_constraint_are_refused(
    tmp_path: Path, capsys, extra: list[str], message: str
) -> None:
    config = pinned_config(tmp_path)
    code = main(
        ["provider", "generate", "--for", str(config), *extra, "--out", str(tmp_path / "p")]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert message in err and "(~> 5.0)" in err
    assert not (tmp_path / "p").exists()


def test_readme_plugin_dir_recipe_plans_a_5x_configuration(
    terraform_binary: str, terraform_env: dict[str, str], tmp_path: Path, capsys
) -> None:
    """README: `sespolicy provider generate --for DIR --out plugins`, then
    `terraform init -plugin-dir=plugins` and `terraform plan` in DIR."""
    config = pinned_config(tmp_path)
    plugins = tmp_path / "plugins"
    assert main(["provider", "generate", "--for", str(config), "--out", str(plugins)]) == 0
    capsys.readouterr()
    for args in (["init", f"-plugin-dir={plugins}"], ["plan", "-out=tfplan"]):
        subprocess.run(
            [terraform_binary, f"-chdir={config}", *args, "-input=false", "-no-color"],
            env=terraform_env,
            check=True,
            capture_output=True,
        )
    shown = subprocess.run(
        [terraform_binary, f"-chdir={config}", "show", "-json", "tfplan"],
        env=terraform_env,
        check=True,
        capture_output=True,
    ).stdout
    plan = json.loads(shown)
    identity = plan["resource_changes"][0]["change"]
    assert "region" not in identity["after"]  # the 5.x shape: no per-resource region
    assert "5.0" in plan["configuration"]["provider_config"]["aws"]["version_constraint"]


EVERY_KIND_OF_PROVIDER = """terraform {
  required_providers {
    aws  = { source = "hashicorp/aws", version = "~> 4.0" }
    null = { source = "hashicorp/null", version = "~> 2.1" }
    tiny = { source = "example.com/acme/tiny", version = "~> 0.3" }
  }
}
provider "aws" {
  region = "eu-west-1"
}
resource "null_resource" "n" {}
resource "tiny_thing" "t" {
  name = "mail"
}
resource "aws_ses_domain_identity" "d" {
  domain = "example.com"
}
"""


def test_for_dir_writes_every_twin_the_configuration_uses(
    terraform_binary: str,
    terraform_env: dict[str, str],
    tmp_path: Path,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """hashicorp/aws for its 4.x pin, null at a version `~> 2.1` accepts, and a twin of the
    provider installed in DIR/.terraform: `terraform init -plugin-dir` then needs nothing else."""
    from tiny_provider import install_tiny_provider

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = tmp_path / "infra"
    config.mkdir()
    (config / "main.tf").write_text(EVERY_KIND_OF_PROVIDER, "utf-8")
    install_tiny_provider(config, version="0.3.1")
    plugins = tmp_path / "plugins"
    assert main(["provider", "generate", "--for", str(config), "--out", str(plugins)]) == 0
    printed = capsys.readouterr().out.split()
    assert [Path(p).relative_to(plugins).parts[:4] for p in printed] == [
        ("registry.terraform.io", "hashicorp", "aws", "4.67.0"),
        ("example.com", "acme", "tiny", "0.3.1"),
        ("registry.terraform.io", "hashicorp", "null", "2.1.0"),
    ]
    # Terraform installs every provider from the plugin directory alone (the installed tiny
    # binary sits in .terraform, which a fresh copy leaves behind).
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "main.tf").write_text(EVERY_KIND_OF_PROVIDER, "utf-8")
    subprocess.run(
        [terraform_binary, f"-chdir={copy}", "init", f"-plugin-dir={plugins}", "-input=false"],
        env=terraform_env,
        check=True,
        capture_output=True,
    )
    locked = (copy / ".terraform.lock.hcl").read_text("utf-8")
    for version in ('"4.67.0"', '"2.1.0"', '"0.3.1"'):
        assert version in locked


def test_for_dir_names_every_provider_it_cannot_write_at_once(tmp_path: Path, capsys) -> None:
    config = tmp_path / "infra"
    config.mkdir()
    (config / "main.tf").write_text(
        'resource "acme_widget" "w" {}\nresource "cloudflare_record" "r" {}\n', "utf-8"
    )
    code = main(["provider", "generate", "--for", str(config), "--out", str(tmp_path / "p")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1, err
    assert "2 providers are not available offline: hashicorp/acme" in err
    assert "hashicorp/cloudflare" in err
    assert not (tmp_path / "p").exists()
