"""benchmarks/bench_plan_roots.py end to end on a local mirror: roots taken at a pinned commit,
variables from a .tfvars file, the N/M figure and each failure's reason. No timings asserted."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_plan_roots  # noqa: E402

ROOTS = {
    "ok/main.tf": 'variable "domain" {\n  type = string\n}\n'
    'resource "aws_ses_domain_identity" "d" {\n  domain = var.domain\n}\n',
    "blocked/main.tf": 'resource "aws_instanse" "x" {\n  ami = "a"\n}\n'
    'resource "acme_widget" "r" {\n  size = 2\n}\n',
    "old/main.tf": 'terraform {\n  required_version = "< 1.0"\n}\n',
}


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, str]:
    """A mirror folder laid out like /work/.mirror, holding acme/mail at one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path / "source"
    for name, text in ROOTS.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, "utf-8")
    git("init", "-q", cwd=source)
    git("add", ".", cwd=source)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x", cwd=source)
    commit = git("rev-parse", "HEAD", cwd=source)
    (source / "ok" / "main.tf").write_text("garbage that is not at the pinned commit {")
    mirror = tmp_path / "mirror"
    git("clone", "-q", "--bare", str(source), str(mirror / "acme+mail" / "repo"), cwd=tmp_path)
    return mirror, commit


def test_roots_are_planned_from_the_mirror_and_failures_say_why(
    terraform_binary: str, tmp_path: Path, mirror: tuple[Path, str], capsys
) -> None:
    mirror_dir, commit = mirror
    roots = [
        {"id": root_id, "repo": "acme/mail", "commit": commit, "path": root_id}
        for root_id in ("ok", "blocked", "old")
    ]
    roots_file = tmp_path / "roots.json"
    roots_file.write_text(json.dumps(roots), "utf-8")
    tfvars = tmp_path / "tfvars"
    tfvars.mkdir()
    (tfvars / "ok.tfvars").write_text('domain = "mail.example.com"\n', "utf-8")
    argv = ["--mirror", str(mirror_dir), "--roots", str(roots_file), "--tfvars-dir", str(tfvars)]
    assert bench_plan_roots.main(argv) == 0
    output = capsys.readouterr().out
    rows = {line.split()[0]: line for line in output.splitlines() if line.split()}
    assert "planned" in rows["ok"] and "1 resource changes" in rows["ok"]
    assert "blocked" in rows["blocked"]
    assert "provider hashicorp/acme, resource aws_instanse" in rows["blocked"]
    assert "excluded" in rows["old"] and "requires Terraform < 1.0" in rows["old"]
    assert "1/2 roots planned offline" in output
    assert "1 more excluded by their required_version: old" in output
    assert "1  resource aws_instanse" in output
