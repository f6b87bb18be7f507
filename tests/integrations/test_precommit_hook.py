""".pre-commit-hooks.yaml: a hook pre-commit accepts, that runs `sespolicy eval` on .tf folders."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from integration_helpers import REPO, path_with_sespolicy, read_repo_yaml

# The keys pre-commit documents for a hook in .pre-commit-hooks.yaml.
MANIFEST_KEYS = {
    "id", "name", "entry", "language", "files", "exclude", "types", "types_or",
    "exclude_types", "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial",
    "description", "language_version", "minimum_pre_commit_version", "args", "stages",
    "additional_dependencies", "log_file", "alias",
}  # fmt: skip
REQUIRED_KEYS = {"id", "name", "entry", "language"}
CONFIGS = REPO / "tests" / "e2e" / "configs"


@pytest.fixture(scope="module")
def hook() -> dict:
    hooks = read_repo_yaml(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list), "the manifest is a list of hooks"
    by_id = {item["id"]: item for item in hooks}
    assert len(by_id) == len(hooks), "hook ids are unique"
    return by_id["sespolicy"]


def test_the_hook_uses_only_documented_keys_and_has_the_required_ones(hook: dict) -> None:
    assert set(hook) <= MANIFEST_KEYS
    assert set(hook) >= REQUIRED_KEYS
    assert all(isinstance(hook[key], str) and hook[key] for key in REQUIRED_KEYS)


def test_pre_commit_installs_this_project_and_runs_its_console_script(hook: dict) -> None:
    assert hook["language"] == "python"  # pre-commit pip-installs the hook repository
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    command, subcommand = shlex.split(hook["entry"])
    assert command in scripts
    assert subcommand == "eval"


def test_it_runs_once_per_commit_on_folders_not_on_file_names(hook: dict) -> None:
    assert hook["pass_filenames"] is False
    assert hook["args"] == ["."]
    assert hook.get("require_serial", False) is True


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("main.tf", True),
        ("envs/prod/ses.tf", True),
        ("envs/prod/prod.tfvars", True),
        ("main.tf.json", False),
        ("terraform.tfstate", False),
        ("README.md", False),
        ("tf", False),
    ],
)
def test_it_runs_when_terraform_source_changes(hook: dict, path: str, runs: bool) -> None:
    assert bool(re.search(hook["files"], path)) is runs


def _run_hook(hook: dict, config: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit does: entry + args, in the repository root."""
    repository = tmp_path / "repository"
    shutil.copytree(CONFIGS / config, repository)
    command = [*shlex.split(hook["entry"]), *hook["args"]]
    return subprocess.run(
        command,
        cwd=repository,
        env=path_with_sespolicy(tmp_path / "bin"),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_hook_fails_a_configuration_that_breaks_a_rule(hook: dict, tmp_path: Path) -> None:
    result = _run_hook(hook, "recv_lambda_other_region", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "SES-RECV-004" in result.stdout
    assert "aws_ses_receipt_rule.forward" in result.stdout


def test_the_hook_passes_a_clean_configuration_with_modules(hook: dict, tmp_path: Path) -> None:
    result = _run_hook(hook, "recv_clean_two_regions", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
