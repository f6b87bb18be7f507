"""The HCL reading agrees with real Terraform's plan of the same configuration.

Terraform plans offline with sespolicy's plan-only provider (`sespolicy plan`). Configuration,
variables and instance addresses must be identical; every value the HCL reading claims to know
must be the value Terraform planned (Terraform knows more: provider defaults and computed
attributes are not knowable from HCL).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sespolicy.hcl import load_directory

planrun = pytest.importorskip("sespolicy.provider.planrun")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hcl"
PLANNABLE = [
    "provider_aliases",
    "module_given_aliased_provider",
    "local_module_own_provider",
    "region_from_variable_default",
    "region_from_tfvars",
    "region_v6_resource_attribute",
    "count_and_for_each",
    "receipt_rule_s3_kms",
    "data_region_from_module_provider",
    "module_count_and_for_each",
]


def _terraform_plan(directory: Path) -> dict[str, Any]:
    request = planrun.PlanRequest(
        config_dir=directory, terraform=None, var_files=[], variables=[], isolated_provider=False
    )
    return json.loads(planrun.run_plan(request).plan_json)


def _known_parts_agree(mine: Any, terraform: Any, path: str, problems: list[str]) -> None:
    if isinstance(mine, dict):
        if not isinstance(terraform, dict):
            problems.append(f"{path}: {mine!r} but Terraform planned {terraform!r}")
            return
        for key, value in mine.items():
            if key not in terraform:
                problems.append(f"{path}.{key}: {value!r} but Terraform has no such value")
            else:
                _known_parts_agree(value, terraform[key], f"{path}.{key}", problems)
    elif isinstance(mine, list):
        if not isinstance(terraform, list) or len(mine) != len(terraform):
            problems.append(f"{path}: {mine!r} but Terraform planned {terraform!r}")
            return
        for position, (item, other) in enumerate(zip(mine, terraform, strict=True)):
            if item is not None:  # null marks an element unknown to the HCL reading
                _known_parts_agree(item, other, f"{path}[{position}]", problems)
    elif mine != terraform:
        problems.append(f"{path}: {mine!r} but Terraform planned {terraform!r}")


def _identity(change: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in change.items() if key != "change"}


@pytest.mark.parametrize("fixture", PLANNABLE)
def test_hcl_reading_matches_terraform_plan(fixture: str, terraform_binary: str) -> None:
    directory = FIXTURES / fixture
    terraform = _terraform_plan(directory)
    mine = load_directory(str(directory))

    assert mine["configuration"] == terraform["configuration"]
    assert mine.get("variables") == terraform.get("variables")

    theirs = {change["address"]: change for change in terraform["resource_changes"]}
    ours = {change["address"]: change for change in mine["resource_changes"]}
    assert sorted(ours) == sorted(theirs)
    problems: list[str] = []
    for address, change in ours.items():
        assert _identity(change) == _identity(theirs[address])
        _known_parts_agree(
            change["change"]["after"], theirs[address]["change"]["after"], address, problems
        )
    assert problems == []

    # Root outputs the HCL reading knows have the value Terraform planned.
    their_outputs = terraform["planned_values"].get("outputs", {})
    for name, output in mine["planned_values"].get("outputs", {}).items():
        if "value" in output:
            assert output["value"] == their_outputs[name]["value"], name
