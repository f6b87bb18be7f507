"""The cucumber format: Cucumber JSON with steps taken from the rules' Gherkin."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sespolicy.findings import Report
from sespolicy.reporters import ReportOptions, get_reporter


def render(report: Report, options: ReportOptions) -> list[dict[str, Any]]:
    return json.loads(get_reporter("cucumber").render(report, options))


def scenarios(features: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {element["name"]: element for feature in features for element in feature["elements"]}


def statuses(element: dict[str, Any]) -> list[str]:
    return [step["result"]["status"] for step in element["steps"]]


FAILED_SCENARIO = (
    "SES-RECV-001 Receipt rule actions target resources in the rule's Region "
    "[aws_ses_receipt_rule.store]"
)


def test_one_feature_per_policy_file(mixed_report: Report, options: ReportOptions) -> None:
    features = render(mixed_report, options)
    assert [feature["uri"] for feature in features] == [
        "policies/dkim.feature",
        "policies/notifications.feature",
        "policies/receiving.feature",
        "policies/smtp.feature",
    ]
    receiving = features[2]
    assert receiving["keyword"] == "Feature"
    assert len(receiving["elements"]) == 3  # RECV-001 x 2 resources, RECV-003 x 1


def test_failed_scenario_uses_the_rule_gherkin_and_fails_at_then(
    mixed_report: Report, options: ReportOptions
) -> None:
    element = scenarios(render(mixed_report, options))[FAILED_SCENARIO]
    assert element["line"] == 4
    assert [(s["keyword"], s["line"]) for s in element["steps"]] == [
        ("Given ", 5),
        ("When ", 6),
        ("Then ", 7),
    ]
    assert element["steps"][2]["name"] == (
        "each target is in the same Region as the receipt rule"
    )
    assert statuses(element) == ["passed", "passed", "failed"]
    error = element["steps"][2]["result"]["error_message"]
    assert "aws_sns_topic.inbound via sns_action[0].topic_arn (Region: eu-west-1)" in error
    tags = [tag["name"] for tag in element["tags"]]
    assert tags == ["@SES-RECV-001", "@severity:high", "@receiving"]


def test_pass_unknown_waived_and_not_applicable_statuses(
    mixed_report: Report, options: ReportOptions
) -> None:
    by_name = scenarios(render(mixed_report, options))

    def status_of(fragment: str) -> list[str]:
        (element,) = [e for name, e in by_name.items() if fragment in name]
        return statuses(element)

    assert status_of("[aws_ses_receipt_rule.forward]") == ["passed"] * 3
    assert status_of("bounce]") == ["passed", "passed", "skipped"]
    assert status_of("[aws_ses_domain_identity.replica]") == ["skipped"]  # no Gherkin: one step
    assert status_of("SES-SMTP-001") == ["skipped"]


def test_unknown_fails_under_strict(mixed_report: Report) -> None:
    by_name = scenarios(render(mixed_report, ReportOptions(tool_version="1", strict=True)))
    (element,) = [e for name, e in by_name.items() if name.startswith("SES-NOTIF-001")]
    assert statuses(element) == ["passed", "passed", "failed"]
    assert element["steps"][2]["result"]["error_message"].startswith("unknown: ")


def test_waived_reason_is_in_the_step_output(mixed_report: Report, options: ReportOptions) -> None:
    by_name = scenarios(render(mixed_report, options))
    (element,) = [e for name, e in by_name.items() if name.startswith("SES-DKIM-001")]
    assert element["steps"][0]["output"][0] == (
        "waived: DKIM for the replica is managed by the DNS team (CHG-4211)"
    )


def key_shapes(node: Any, path: str = "") -> dict[str, type]:
    """Every key path in a JSON document with the type of its value (lists merged)."""
    shapes: dict[str, type] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            shapes[f"{path}.{key}"] = type(value)
            shapes.update(key_shapes(value, f"{path}.{key}"))
    elif isinstance(node, list):
        for item in node:
            shapes.update(key_shapes(item, f"{path}[]"))
    return shapes


@pytest.fixture(scope="module")
def pytest_bdd_cucumber_json(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """What a real Cucumber JSON producer (pytest-bdd --cucumberjson) writes for a tiny run."""
    pytest.importorskip("pytest_bdd")
    work = tmp_path_factory.mktemp("bdd")
    (work / "check.feature").write_text(textwrap.dedent("""\
        Feature: Check
          @tagged
          Scenario: Passing
            Given a thing
            Then it holds

          Scenario: Failing
            Given a thing
            Then it breaks
        """))
    (work / "test_check.py").write_text(textwrap.dedent("""\
        from pytest_bdd import given, scenarios, then
        scenarios("check.feature")

        @given("a thing")
        def thing():
            pass

        @then("it holds")
        def holds():
            pass

        @then("it breaks")
        def breaks():
            raise AssertionError("broken")
        """))
    output = work / "cucumber.json"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         f"--cucumberjson={output}", "--rootdir", str(work), str(work)],
        cwd=work, capture_output=True, text=True, check=False,
    )
    return json.loads(Path(output).read_text())


def test_every_field_a_real_producer_writes_is_present_with_its_type(
    mixed_report: Report, options: ReportOptions, pytest_bdd_cucumber_json: list
) -> None:
    reference = key_shapes(pytest_bdd_cucumber_json)
    ours = key_shapes(render(mixed_report, options))
    assert reference  # the producer really ran
    # pytest-bdd's own extras that no report tool needs.
    reference.pop("[].language", None)
    missing = {key: kind for key, kind in reference.items() if ours.get(key) is not kind}
    assert missing == {}
