"""`sespolicy provider generate`: the plugin directory layout Terraform's -plugin-dir expects."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from sespolicy.cli import main
from sespolicy.provider.generate import platform_dir_name


@pytest.mark.parametrize(
    ("extra", "version"),
    [([], "6.47.0"), (["--mode", "v5"], "5.100.0"), (["--version", "6.1.0"], "6.1.0")],
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
