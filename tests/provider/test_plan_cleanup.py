"""`sespolicy plan` leaves nothing behind, copies only what it must, and never writes onto its
inputs: interrupted runs (SIGINT to the process group, SIGTERM), a 2 GiB file in DIR, an
unusable TMPDIR, and `--out` paths that would damage the configuration or cannot be written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_helpers import one_line_error

from sespolicy.cli import main
from sespolicy.provider.configscan import inspect_configuration
from sespolicy.provider.planrun import PlanRequest, run_plan
from sespolicy.provider.workspace import LARGE_FILE_BYTES, plan_copy

CONFIG = """
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
resource "aws_sns_topic" "eu" {
  name = "eu"
}
resource "aws_sns_topic" "us" {
  provider = aws.us
  name     = "us"
}
"""


def write_config(directory: Path, text: str = CONFIG) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "main.tf").write_text(text, "utf-8")
    return directory


# Interrupts -------------------------------------------------------------------------------


def everything_under(root: Path) -> list[Path]:
    return sorted(root.rglob("*")) if root.exists() else []


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that mention `text` (zombies have none)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in command:
                found.append(command)
    return found


@pytest.fixture
def short_tmpdir() -> Iterator[Path]:
    """A TMPDIR short enough for plugin sockets to live inside the run's own folder."""
    path = Path(tempfile.mkdtemp(prefix="sp", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def interrupt_when(
    tmp_path: Path,
    temp: Path,
    config: Path,
    ready: Callable[[Path, Path], bool],
    signum: int,
    extra: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run `sespolicy plan` in a session of its own, signal its process group once `ready`
    says so (given TMPDIR and the cache folder), and wait for it to end."""
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "AWS_"))}
    env.update(TMPDIR=str(temp), XDG_CACHE_HOME=str(cache), SLOW_MARKER=str(tmp_path / "slow"))
    process = subprocess.Popen(
        [sys.executable, "-m", "sespolicy", "plan", str(config), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not ready(temp, cache):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the moment to interrupt never came: {process.communicate()}")
        time.sleep(0.005)
    os.killpg(process.pid, signum)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def staging_folders(cache: Path) -> list[Path]:
    return list((cache / "sespolicy" / "providers").glob(".staging-*"))


def check_nothing_left(
    tmp_path: Path, temp: Path, result: subprocess.CompletedProcess[str]
) -> None:
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "sespolicy: interrupted"
    assert everything_under(temp) == []
    assert staging_folders(tmp_path / "cache") == []
    assert processes_mentioning(str(tmp_path)) == []


def test_sigint_while_the_provider_is_generated(
    terraform_binary: str, tmp_path: Path, short_tmpdir: Path
) -> None:
    config = write_config(tmp_path / "c")
    result = interrupt_when(
        tmp_path,
        short_tmpdir,
        config,
        lambda temp, cache: bool(staging_folders(cache)),
        signal.SIGINT,
    )
    check_nothing_left(tmp_path, short_tmpdir, result)


def plugin_socket_exists(temp: Path, cache: Path) -> bool:
    return any(temp.glob("sespolicy-plan-*/tmp/*/plugin.sock"))


def test_sigint_while_terraform_runs_provider_processes(
    terraform_binary: str, tmp_path: Path, short_tmpdir: Path
) -> None:
    config = write_config(tmp_path / "c")
    result = interrupt_when(
        tmp_path,
        short_tmpdir,
        config,
        plugin_socket_exists,
        signal.SIGINT,
        ("--isolated-provider",),
    )
    check_nothing_left(tmp_path, short_tmpdir, result)


SLOW_TERRAFORM = """#!/bin/sh
# Terraform that takes its time to plan: the moment to interrupt is certain to come.
if [ "$1" = "plan" ]; then
  touch "$SLOW_MARKER"
  exec "{python}" -c "import time; time.sleep(60)" "$SLOW_MARKER"
fi
exec "{terraform}" "$@"
"""


def test_sigterm_while_terraform_plans(
    terraform_binary: str, tmp_path: Path, short_tmpdir: Path
) -> None:
    config = write_config(tmp_path / "c")
    wrapper = tmp_path / "slow-terraform"
    wrapper.write_text(SLOW_TERRAFORM.format(python=sys.executable, terraform=terraform_binary))
    wrapper.chmod(0o755)
    result = interrupt_when(
        tmp_path,
        short_tmpdir,
        config,
        lambda temp, cache: (tmp_path / "slow").exists(),
        signal.SIGTERM,
        ("--terraform", str(wrapper)),
    )
    check_nothing_left(tmp_path, short_tmpdir, result)


def test_a_long_tmpdir_still_plans_with_plugin_processes(
    terraform_binary: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sockets cannot live under a TMPDIR this long (107 bytes for a socket path).
    long_temp = tmp_path / ("t" * 60)
    long_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(long_temp))
    config = write_config(tmp_path / "c")
    plan = json.loads(run_plan(PlanRequest(config_dir=config, isolated_provider=True)).plan_json)
    assert {rc["address"] for rc in plan["resource_changes"]} == {
        "aws_sns_topic.eu",
        "aws_sns_topic.us",
    }
    assert everything_under(long_temp) == []


# What is copied ---------------------------------------------------------------------------


def test_a_2_gib_file_is_linked_not_copied(terraform_binary: str, tmp_path: Path) -> None:
    config = write_config(
        tmp_path / "c",
        CONFIG + 'output "archive" {\n  value = filemd5("${path.module}/small-enough.bin")\n}\n',
    )
    with (config / "lambda-layer.zip").open("wb") as sparse:
        sparse.truncate(2 * 1024**3)  # 2 GiB that take no disk space
    linked_size = LARGE_FILE_BYTES + 1
    with (config / "small-enough.bin").open("wb") as sparse:
        sparse.truncate(linked_size)
    copy = plan_copy(inspect_configuration(config))
    actions = {entry.target.name: entry.action for entry in copy.entries}
    assert actions["lambda-layer.zip"] == "link"
    assert actions["small-enough.bin"] == "link"
    assert actions["main.tf"] == "copy"
    request = PlanRequest(config_dir=config)
    started = time.monotonic()
    plan = json.loads(run_plan(request).plan_json)
    assert time.monotonic() - started < 30
    # A linked file still reads as itself through Terraform's functions.
    expected = hashlib.md5(bytes(linked_size)).hexdigest()
    assert plan["planned_values"]["outputs"]["archive"]["value"] == expected
    assert any("2 large file(s)" in note for note in request.notes)


# TMPDIR ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_an_unusable_tmpdir_is_refused(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    config = write_config(tmp_path / "c")
    unusable = tmp_path / "no-such-dir"
    if kind == "a file":
        unusable.write_text("x", "utf-8")
    monkeypatch.setenv("TMPDIR", str(unusable))
    err = one_line_error(capsys, ["plan", str(config)])
    assert f"TMPDIR={unusable} is not a writable directory" in err


# --out -----------------------------------------------------------------------------------


def test_out_onto_a_configuration_file_is_refused(tmp_path: Path, capsys) -> None:
    config = write_config(tmp_path / "c")
    before = (config / "main.tf").read_bytes()
    err = one_line_error(capsys, ["plan", str(config), "--out", str(config / "main.tf")])
    assert "would overwrite the configuration being planned" in err
    assert (config / "main.tf").read_bytes() == before
    # A new file Terraform would read as configuration is refused too.
    err = one_line_error(capsys, ["plan", str(config), "--out", str(config / "plan.tf.json")])
    assert "would overwrite the configuration" in err
    assert not (config / "plan.tf.json").exists()


def test_out_onto_an_input_or_another_output_is_refused(tmp_path: Path, capsys) -> None:
    config = write_config(tmp_path / "c")
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('x = "1"\n', "utf-8")
    argv = ["plan", str(config), "--var-file", str(var_file), "--out", str(var_file)]
    assert "which this run reads; write the report somewhere else" in one_line_error(capsys, argv)
    assert var_file.read_text("utf-8") == 'x = "1"\n'
    report = tmp_path / "results.json"
    argv = ["plan", str(config), "--out", str(report), "--output", f"sarif={report}"]
    assert "and --out write to the same file" in one_line_error(capsys, argv)


def test_out_paths_that_cannot_be_written_are_refused_before_planning(
    tmp_path: Path, capsys
) -> None:
    config = write_config(tmp_path / "c")
    err = one_line_error(capsys, ["plan", str(config), "--out", str(tmp_path)])
    assert "is a folder; name a file inside it instead" in err
    err = one_line_error(capsys, ["plan", str(config), "--out", str(tmp_path / "no" / "p.json")])
    assert "does not exist; create it first" in err
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    err = one_line_error(capsys, ["plan", str(config), "--out", str(fifo)])
    assert "is a FIFO (named pipe), which would block" in err and "not a regular file" in err


def test_out_is_written_whole(terraform_binary: str, tmp_path: Path, capsys) -> None:
    config = write_config(tmp_path / "c")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code = main(["plan", str(config), "--out", str(out_dir / "plan.json")])
    capsys.readouterr()
    assert code in (0, 1)
    assert [p.name for p in out_dir.iterdir()] == ["plan.json"]
    assert json.loads((out_dir / "plan.json").read_text("utf-8"))["format_version"]


def test_out_may_replace_a_plan_an_earlier_run_left_in_the_directory(
    terraform_binary: str, tmp_path: Path, capsys
) -> None:
    config = write_config(tmp_path / "c")
    out = config / "plan.json"
    for _ in range(2):
        assert main(["plan", str(config), "--out", str(out)]) in (0, 1)
        assert json.loads(out.read_text("utf-8"))["format_version"]
    capsys.readouterr()
    (config / "notes.json").write_text('{"format_version": "mine"}', "utf-8")
    err = one_line_error(capsys, ["plan", str(config), "--out", str(config / "notes.json")])
    assert "would overwrite the configuration" in err
