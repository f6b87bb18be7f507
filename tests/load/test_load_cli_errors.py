"""Run as a user does: `python -m sespolicy graph <file>` refuses bad input with exit code 2 and
exactly one line on stderr, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

ONE_OF_EACH_ERROR_KIND = [
    ("empty.json", "is empty"),
    ("truncated_plan.json", "not valid JSON at line"),
    ("binary_plan_zip.tfplan", "binary plan file"),
    ("setup_terraform_wrapper_command_line.json", "terraform_wrapper: false"),
    ("setup_terraform_wrapper_debug_trailer.json", "terraform_wrapper: false"),
    ("empty_object.json", "neither a Terraform plan nor a state"),
    ("raw_tfstate_v3_terraform_0_11.json", "sespolicy reads version 4"),
    ("top_level_list.json", "expected an object"),
    ("plan_errored_true.json", '"errored": true'),
    ("plan_format_2_0.json", "newer Terraform"),
    ("plan_actions_not_an_array.json", "resource_changes[0].change.actions: expected an array"),
    ("plan_latin1_not_utf8.json", "not valid UTF-8"),
    ("terraform_plan_json_ui_log.jsonl", "streamed log of `terraform plan -json`"),
]


def run_sespolicy(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", "sespolicy", *args],
        input=stdin, capture_output=True, cwd=REPO_ROOT, env=environment, timeout=120,
        check=False,
    )


def assert_one_line_refusal(result: subprocess.CompletedProcess[bytes], expected: str) -> None:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("sespolicy: error: ")
    assert expected in lines[0]


@pytest.mark.parametrize(
    ("name", "expected"), ONE_OF_EACH_ERROR_KIND, ids=[name for name, _ in ONE_OF_EACH_ERROR_KIND]
)
def test_graph_refuses_bad_input_in_one_line(fixture_path, name, expected):
    assert_one_line_refusal(run_sespolicy("graph", fixture_path(name)), expected)


def test_graph_refuses_a_missing_file_in_one_line():
    assert_one_line_refusal(
        run_sespolicy("graph", "no/such/plan.json"), "no/such/plan.json: no such file"
    )


def test_graph_refuses_empty_stdin_in_one_line():
    assert_one_line_refusal(run_sespolicy("graph", stdin=b""), "no input on stdin")
