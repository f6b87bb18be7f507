"""An SES estate across workspaces, end to end with real Terraform.

Each scenario in tests/estate/scenarios/<name>/ is a few workspaces (one folder each) and a
`scenario.json`. Workspaces are planned in order with `sespolicy plan` (real Terraform and the
plan-only provider): an upstream workspace's state is derived from its plan (derive_state.py,
in the account the scenario gives it), values a downstream workspace needs from it (tokens,
ARNs) are written into that workspace's `terraform.tfvars.json`, and a workspace with a
`prior` is planned against that workspace's derived state (so the plan can keep, change or
delete what exists). The members are then judged as one estate:
`sespolicy eval --estate NAME=PATH …`, and exactly the listed (input, family, address) pairs
must fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from derive_state import attribute_of, state_from_plan

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Workspace:
    name: str
    dir: str
    kind: str  # "plan" or "state"
    account: str = ""
    member: bool = True
    prior: str | None = None
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    workspaces: tuple[Workspace, ...]
    exit_code: int
    violations: frozenset[tuple[str, str, str]]


def load_scenario(folder: Path) -> Scenario:
    raw = json.loads((folder / "scenario.json").read_text())
    return Scenario(
        name=folder.name,
        description=raw["description"],
        workspaces=tuple(
            Workspace(
                name=item["name"],
                dir=item["dir"],
                kind=item["as"],
                account=item.get("account", ""),
                member=item.get("member", True),
                prior=item.get("prior"),
                variables=item.get("variables", {}),
            )
            for item in raw["workspaces"]
        ),
        exit_code=raw["exit_code"],
        violations=frozenset(
            (item["input"], item["family"], item["address"]) for item in raw["violations"]
        ),
    )


SCENARIO_LIST = [load_scenario(p) for p in sorted(SCENARIOS.iterdir()) if p.is_dir()]


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
        timeout=300,
        check=False,
    )


def build_members(scenario: Scenario, work: Path) -> list[str]:
    """Plan every workspace in order; the estate's `NAME=PATH` arguments."""
    states: dict[str, dict] = {}
    members = []
    for workspace in scenario.workspaces:
        copy = work / workspace.name
        shutil.copytree(SCENARIOS / scenario.name / workspace.dir, copy)
        if workspace.prior is not None:
            (copy / "terraform.tfstate").write_text(json.dumps(states[workspace.prior]))
        if workspace.variables:
            values = {}
            for variable, source in workspace.variables.items():
                upstream, _, path = source.partition(":")
                address, _, attribute = path.rpartition(".")
                values[variable] = attribute_of(states[upstream], address, attribute)
            (copy / "terraform.tfvars.json").write_text(json.dumps(values))
        plan_path = work / f"{workspace.name}.plan.json"
        result = sespolicy("plan", str(copy), "--out", str(plan_path), "--format", "json")
        assert plan_path.is_file(), f"{workspace.name}: sespolicy plan failed: {result.stderr}"
        plan = json.loads(plan_path.read_text())
        if workspace.kind == "state":
            states[workspace.name] = state_from_plan(plan, workspace.account or "111111111111")
            path = work / f"{workspace.name}.tfstate"
            path.write_text(json.dumps(states[workspace.name]))
        else:
            path = plan_path
        if workspace.member:
            members.append(f"{workspace.name}={path}")
    return members


@pytest.mark.parametrize("scenario", SCENARIO_LIST, ids=lambda s: s.name)
def test_estate_scenario_reports_exactly_its_violations(
    scenario: Scenario, tmp_path: Path, terraform_binary: str
) -> None:
    members = build_members(scenario, tmp_path)
    result = sespolicy("eval", "--estate", *members, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    failed = {
        (f["input"], f["family"], f["address"]) for f in report["findings"] if f["status"] == "fail"
    }
    assert failed == scenario.violations, (
        f"{scenario.name}: missing {sorted(scenario.violations - failed)}, "
        f"unexpected {sorted(failed - scenario.violations)}"
    )
    for finding in report["findings"]:
        assert finding["input"] in {m.split("=", 1)[0] for m in members}, finding
        for related in finding["related"]:
            assert related["input"], related
    assert result.returncode == scenario.exit_code, result.stdout[-2000:]
