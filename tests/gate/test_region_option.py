"""Issue 9, case 2: --region and AWS_REGION must name an AWS Region."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from gate_helpers import one_error_line, plan

import sespolicy
from sespolicy.errors import InputError
from sespolicy.world.aws_regions import aws_region_names, check_default_region

NO_REGION = plan("region_no_provider_region")
E2E_CONFIG = Path(__file__).resolve().parents[1] / "e2e" / "configs" / "recv_clean_two_regions"


def test_the_region_table_covers_every_partition_with_its_source() -> None:
    table = json.loads(
        resources.files("sespolicy.data").joinpath("aws-regions.json").read_text("utf-8")
    )
    assert "botocore" in table["source"] and table["retrieved"]
    assert set(table["partitions"]) >= {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"}
    names = aws_region_names()
    for region in (
        "us-east-1",
        "eu-west-1",
        "ap-southeast-7",
        "mx-central-1",
        "cn-north-1",
        "us-gov-west-1",
        "us-iso-east-1",
        "us-isob-east-1",
        "eusc-de-east-1",
    ):
        assert region in names
    assert not any(name.endswith("-global") for name in names)  # endpoint names, not Regions


@pytest.mark.parametrize(
    ("cli_region", "environment", "named", "closest"),
    [
        ("eu-wset-1", {}, "--region 'eu-wset-1'", "eu-west-1"),
        (None, {"AWS_REGION": "us-est-1"}, "AWS_REGION 'us-est-1'", "us-"),
        (None, {"AWS_DEFAULT_REGION": "euwest1"}, "AWS_DEFAULT_REGION 'euwest1'", "eu-west-1"),
        ("EU-WEST-1", {}, "--region 'EU-WEST-1'", "eu-west-1"),
    ],
)
def test_a_value_that_is_not_a_region_names_the_closest(
    cli_region: str | None, environment: dict[str, str], named: str, closest: str
) -> None:
    with pytest.raises(InputError) as raised:
        check_default_region(cli_region, environment)
    message = str(raised.value)
    assert message.startswith(named) and "is not an AWS Region" in message
    assert f"did you mean {closest}" in message


def test_only_the_value_in_effect_is_checked() -> None:
    # --region wins over the environment, AWS_REGION over AWS_DEFAULT_REGION (as the provider).
    check_default_region("eu-west-1", {"AWS_REGION": "nonsense"})
    check_default_region(None, {"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "nonsense"})
    check_default_region(None, {})


@pytest.mark.parametrize("command", ["eval", "graph", "baseline"])
def test_every_command_refuses_a_region_typo(run, command: str) -> None:
    result = run(command, NO_REGION, "--region", "eu-wset-1")
    assert result.code == 2
    assert "did you mean eu-west-1" in one_error_line(result)
    assert result.out == ""


def test_aws_region_typo_is_refused_not_blamed_on_the_configuration(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-wset-1")
    result = run("eval", NO_REGION, "--format", "json")
    assert result.code == 2
    assert "AWS_REGION 'eu-wset-1' is not an AWS Region" in one_error_line(result)


def test_a_good_region_still_judges(run) -> None:
    result = run("eval", NO_REGION, "--region", "eu-west-1", "--format", "json")
    assert result.code in (0, 1)
    assert json.loads(result.out)["summary"]["unknown"] == 0


def test_the_api_refuses_a_region_typo() -> None:
    with pytest.raises(InputError, match="did you mean eu-west-1"):
        sespolicy.evaluate(NO_REGION, region="eu-wset-1")


def test_plan_refuses_a_region_typo_before_terraform_runs_and_writes_no_plan(
    run, workdir: Path, terraform_binary: str
) -> None:
    result = run("plan", E2E_CONFIG, "--region", "eu-wset-1", "--out", "plan.json")
    assert result.code == 2
    assert "did you mean eu-west-1" in one_error_line(result)
    assert not (workdir / "plan.json").exists()
