"""Findings point at the .tf file and line of the resource (and of the offending attribute),
across local modules: --source-dir with a plan, and .tf directories given directly."""

from __future__ import annotations

import json
from pathlib import Path

from sespolicy.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ROOT / "tests" / "e2e" / "configs"
PLANS = ROOT / "tests" / "fixtures" / "plans"


def _findings(capsys, *argv: str) -> list[dict]:
    main(["eval", *argv, "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    return sarif["runs"][0]["results"]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def _physical(result: dict) -> tuple[str, int]:
    location = result["locations"][0]["physicalLocation"]
    return location["artifactLocation"]["uri"], location["region"]["startLine"]


def test_plan_findings_point_at_the_offending_attribute(capsys) -> None:
    config = CONFIGS / "recv_cross_region_targets"
    results = _findings(
        capsys, str(PLANS / "recv_cross_region_targets.json"), "--source-dir", str(config)
    )
    notify = next(
        r
        for r in results
        if r["ruleId"] == "SES-RECV-001"
        and r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "aws_ses_receipt_rule.notify"
    )
    uri, line = _physical(notify)
    assert uri.endswith("recv_cross_region_targets/main.tf")
    block = _line_of(config / "main.tf", 'resource "aws_ses_receipt_rule" "notify"')
    assert block < line < block + 25  # inside the block: the sns_action topic_arn line
    assert "topic_arn" in (config / "main.tf").read_text().splitlines()[line - 1]


def test_findings_inside_a_module_point_into_the_module_file(capsys) -> None:
    config = CONFIGS / "smtp_violating"
    results = _findings(capsys, str(PLANS / "smtp_violating.json"), "--source-dir", str(config))
    lambda_finding = next(
        r
        for r in results
        if r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "module.notifier_west.aws_lambda_function.notifier"
    )
    uri, line = _physical(lambda_finding)
    assert uri.endswith("modules/notifier/main.tf")
    assert line >= _line_of(
        config / "modules" / "notifier" / "main.tf", 'resource "aws_lambda_function"'
    )


def test_a_tf_directory_input_locates_its_own_findings(capsys) -> None:
    config = CONFIGS / "recv_cross_region_targets"
    results = _findings(capsys, str(config))
    assert results and all("physicalLocation" in r["locations"][0] for r in results)
