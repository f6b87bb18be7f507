"""`--estate` on the command line and in .sespolicy.toml, and `sespolicy graph --estate`.

The plans are tests/fixtures/plans (real Terraform); the estate joins two of them the way two
workspaces of one organisation meet: the receiving rules of one, the topics of another.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "tests" / "fixtures" / "plans"


def sespolicy(*arguments: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")
    }
    environment["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "sespolicy", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


RECEIVING = f"inbound={PLANS / 'recv_cross_region_targets.json'}"
DNS = f"dns={PLANS / 'mailfrom_clean.json'}"


def test_estate_findings_name_their_workspace_and_related_ones_theirs() -> None:
    result = sespolicy("eval", "--estate", RECEIVING, DNS, "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    inputs = {finding["input"] for finding in report["findings"]}
    assert inputs <= {"inbound", "dns"} and "inbound" in inputs
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    assert failing and all(f["input"] == "inbound" for f in failing)
    assert all(r["input"] == "inbound" for f in failing for r in f["related"])
    assert not any("::" in f["address"] for f in report["findings"])  # plain addresses


def test_the_estate_table_of_the_config_file_names_the_workspaces(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    for name in ("recv_cross_region_targets", "mailfrom_clean"):
        (tmp_path / "plans" / f"{name}.json").write_bytes((PLANS / f"{name}.json").read_bytes())
    (tmp_path / ".sespolicy.toml").write_text(
        '[estate]\ninbound = "plans/recv_cross_region_targets.json"\n'
        'dns = "plans/mailfrom_clean.json"\n'
    )
    result = sespolicy("eval", "--estate", "--format", "json", "--show-passed", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert {f["input"] for f in json.loads(result.stdout)["findings"]} == {"inbound", "dns"}


def test_an_unnamed_estate_workspace_is_a_usage_error() -> None:
    result = sespolicy("eval", "--estate", str(PLANS / "mailfrom_clean.json"))
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "name each workspace of the estate" in line


def test_an_estate_with_no_workspace_is_a_usage_error(tmp_path: Path) -> None:
    result = sespolicy("eval", "--estate", cwd=tmp_path)
    assert result.returncode == 2
    assert "names no workspace" in result.stderr


def test_graph_shows_the_joined_estate_with_each_nodes_workspace() -> None:
    result = sespolicy("graph", "--estate", RECEIVING, DNS, "--format", "json")
    assert result.returncode == 0, result.stderr
    nodes = json.loads(result.stdout)["nodes"]
    by_input = {node["input"] for node in nodes}
    assert {"inbound", "dns"} <= by_input
    assert any(node["address"].startswith("dns::") for node in nodes)


def test_without_estate_two_inputs_are_judged_one_by_one() -> None:
    together = sespolicy("eval", "--estate", RECEIVING, DNS, "--format", "json")
    apart = sespolicy("eval", RECEIVING, DNS, "--format", "json")
    assert apart.returncode == together.returncode == 1
    assert {f["input"] for f in json.loads(apart.stdout)["findings"]} <= {"inbound", "dns"}
