"""Every hashicorp/aws data source type of every served major, read through real Terraform: no
type makes Terraform report an invalid object, and every ARN names the Region and partition of
the read. And every 6.x resource type plans, placed in the provider's Region.

Configurations are generated from the shipped schema (each type's required arguments and
blocks given valid values) and planned in batches, so a new or odd type is covered the day
the schema is rebuilt.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from schema_configs import hcl_body, required_config

from sespolicy.provider.planrun import PlanRequest, run_plan
from sespolicy.provider.served_types import shipped_aws_types
from sespolicy.world.aws_types import arn_shape

BATCHES = 3
# One Region per mode, from different partitions, so partition and Region errors both show.
REGIONS = {"v6": "ap-northeast-2", "v5": "us-gov-west-1", "v4": "cn-north-1", "v3": "eu-west-3"}
VERSIONS = {"v6": "~> 6.0", "v5": "~> 5.0", "v4": "~> 4.0", "v3": "~> 3.0"}
PARTITIONS = {"cn-": "aws-cn", "us-gov-": "aws-us-gov"}


def batch_of(mode: str, index: int) -> list[str]:
    names = sorted(shipped_aws_types(mode).names("data"))
    return names[index::BATCHES]


def write_batch(directory: Path, mode: str, names: list[str]) -> None:
    types = shipped_aws_types(mode)
    blocks = []
    for type_name in names:
        block = types.data_source(type_name)["block"]
        body = hcl_body(block, required_config(block, type_name))
        blocks.append(f'data "{type_name}" "read" {{\n{body}\n}}\n')
    directory.mkdir(parents=True)
    (directory / "main.tf").write_text(
        "terraform {\n  required_providers {\n"
        f'    aws = {{ source = "hashicorp/aws", version = "{VERSIONS[mode]}" }}\n'
        "  }\n}\n"
        f'provider "aws" {{\n  region = "{REGIONS[mode]}"\n}}\n' + "\n".join(blocks),
        "utf-8",
    )


def arns(value: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, ARN) for every string in `value` held by an attribute named arn or *_arn."""
    found: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key == "arn" or key.endswith("_arn")):
                found.append((f"{path}{key}", item))
            else:
                found += arns(item, f"{path}{key}.")
    elif isinstance(value, list):
        for item in value:
            found += arns(item, path)
    return found


@pytest.mark.parametrize("mode", list(REGIONS))
@pytest.mark.parametrize("index", range(BATCHES))
def test_every_data_source_reads_through_terraform(
    terraform_binary: str, tmp_path: Path, mode: str, index: int
) -> None:
    names = batch_of(mode, index)
    config = tmp_path / "batch"
    write_batch(config, mode, names)
    plan = json.loads(run_plan(PlanRequest(config_dir=config)).plan_json)
    read = {
        r["type"]: r["values"] for r in plan["prior_state"]["values"]["root_module"]["resources"]
    }
    assert sorted(read) == names, "every data source was read at plan time"
    region = REGIONS[mode]
    partition = next((p for prefix, p in PARTITIONS.items() if region.startswith(prefix)), "aws")
    wrong = []
    types = shipped_aws_types(mode)
    for type_name, values in read.items():
        configured = json.dumps(required_config(types.data_source(type_name)["block"]))
        for path, arn in arns(values):
            if json.dumps(arn) in configured:
                continue  # the configuration's own value, echoed
            parts = arn.split(":")
            well_formed = len(parts) >= 6 and parts[0] == "arn" and parts[1] == partition
            own_region = region if arn_shape(type_name).regional else ""
            if not well_formed or (path == "arn" and parts[3] != own_region):
                wrong.append((type_name, path, arn))
    assert wrong == []


@pytest.mark.parametrize("index", range(BATCHES))
def test_every_resource_type_plans_through_terraform(
    terraform_binary: str, tmp_path: Path, index: int
) -> None:
    """Every 6.x resource type, created from its required arguments: Terraform accepts each
    plan, and every regional type is placed in the provider's Region."""
    types = shipped_aws_types("v6")
    names = sorted(types.names("resource"))[index::BATCHES]
    blocks = []
    for type_name in names:
        block = types.resource(type_name)["block"]
        body = hcl_body(block, required_config(block, type_name))
        blocks.append(f'resource "{type_name}" "create" {{\n{body}\n}}\n')
    config = tmp_path / "batch"
    config.mkdir()
    (config / "main.tf").write_text(
        'provider "aws" {\n  region = "sa-east-1"\n}\n' + "\n".join(blocks), "utf-8"
    )
    plan = json.loads(run_plan(PlanRequest(config_dir=config)).plan_json)
    planned = {rc["type"]: rc["change"] for rc in plan["resource_changes"]}
    assert sorted(planned) == names
    misplaced = [
        name
        for name in names
        if types.resource(name)["regional"] and planned[name]["after"].get("region") != "sa-east-1"
    ]
    assert misplaced == []
    assert all(planned[name]["actions"] == ["create"] for name in names)
