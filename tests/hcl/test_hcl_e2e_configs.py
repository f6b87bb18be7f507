"""The realistic multi-Region configurations of the end-to-end suite, read as raw HCL.

Every resource instance Terraform plans must be located at its block's header line, and the
HCL reading must agree with Terraform's own plan of the same directory (configuration,
variables, instance addresses, and every value the HCL reading claims to know).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sespolicy.hcl import load_directory, locate_sources

E2E_CONFIGS = Path(__file__).resolve().parent.parent / "e2e" / "configs"
CONFIGS = (
    sorted(p.name for p in E2E_CONFIGS.iterdir() if p.is_dir()) if E2E_CONFIGS.is_dir() else []
)

pytestmark = pytest.mark.skipif(not CONFIGS, reason="no end-to-end configurations in this tree")


@pytest.mark.parametrize("config", CONFIGS)
def test_every_planned_instance_points_at_its_block(config: str) -> None:
    directory = E2E_CONFIGS / config
    plan = load_directory(str(directory))
    index = locate_sources(str(directory))
    assert plan["resource_changes"], "a configuration with nothing to check"
    for change in plan["resource_changes"]:
        location = index.location(change["address"])
        assert location is not None, change["address"]
        lines = (directory / location.file).read_text(encoding="utf-8").splitlines()
        assert f'"{change["type"]}" "{change["name"]}"' in lines[location.line - 1]
        assert lines[location.end_line - 1].strip() == "}"


def _known_parts_agree(mine: Any, terraform: Any) -> bool:
    if isinstance(mine, dict):
        return isinstance(terraform, dict) and all(
            key in terraform and _known_parts_agree(value, terraform[key])
            for key, value in mine.items()
        )
    if isinstance(mine, list):
        return (
            isinstance(terraform, list)
            and len(mine) == len(terraform)
            and all(
                item is None or _known_parts_agree(item, other)
                for item, other in zip(mine, terraform, strict=True)
            )
        )
    return mine == terraform


@pytest.mark.parametrize("config", CONFIGS)
def test_hcl_reading_agrees_with_terraform_plan(config: str, terraform_binary: str) -> None:
    planrun = pytest.importorskip("sespolicy.provider.planrun")
    directory = E2E_CONFIGS / config
    request = planrun.PlanRequest(
        config_dir=directory, terraform=None, var_files=[], variables=[], isolated_provider=False
    )
    try:
        terraform = json.loads(planrun.run_plan(request).plan_json)
    except Exception as problem:  # the planner's limits are not this reader's to judge
        pytest.skip(f"terraform could not plan {config}: {problem}")
    mine = load_directory(str(directory))

    assert mine["configuration"] == terraform["configuration"]
    assert mine.get("variables") == terraform.get("variables")
    theirs = {change["address"]: change for change in terraform["resource_changes"]}
    ours = {change["address"]: change for change in mine["resource_changes"]}
    assert sorted(ours) == sorted(theirs)
    disagreeing = [
        address
        for address, change in ours.items()
        if not _known_parts_agree(change["change"]["after"], theirs[address]["change"]["after"])
    ]
    assert disagreeing == []
