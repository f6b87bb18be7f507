"""The runner: unknown steps, empty selections, tag expressions, exit-code selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from sespolicy.errors import InputError
from sespolicy.findings import Status
from sespolicy.gate.decision import failing
from sespolicy.policy.catalog import load_catalog, load_rules
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.policy.selection import Selection, tag_expression_matches
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def _evaluate(plan: str, policies: list[Path] | None = None, **selection):
    document = load_document_bytes((PLANS / f"{plan}.json").read_bytes(), plan)
    rules = load_catalog([str(p) for p in policies or []], replace=bool(policies))
    return evaluate_graphs(
        graph_documents([document]), rules, load_availability(), Selection(**selection)
    )


def test_a_step_text_that_matches_nothing_names_file_line_and_closest_steps(tmp_path) -> None:
    (tmp_path / "mine.feature").write_text(
        "Feature: mine\n  @ACME-X-001 @severity:high\n  Scenario: typo\n"
        '    Given resources of typ "aws_sns_topic"\n    Then every target is in its Region\n'
    )
    with pytest.raises(InputError) as raised:
        _evaluate("recv_clean_two_regions", [tmp_path])
    message = str(raised.value)
    assert "mine.feature:4" in message
    assert 'resources of type "{types}"' in message


def test_an_empty_selection_is_not_applicable_not_a_pass() -> None:
    report = _evaluate("recv_clean_two_regions", only=("SES-SUPP-001",))
    assert report.findings == ()
    assert report.summary.not_applicable == 1 and report.summary.passed == 0


def test_cross_region_topic_fails_with_related_resource_and_remediation() -> None:
    report = _evaluate("recv_cross_region_targets", only=("SES-RECV-001",))
    (finding,) = report.findings
    assert finding.status is Status.FAIL
    assert finding.address == "aws_ses_receipt_rule.notify"
    assert finding.region == "eu-west-1"
    assert finding.related[0].address == "aws_sns_topic.mail_events_us"
    assert finding.related[0].region == "us-east-1"
    assert "eu-west-1" in finding.remediation
    assert finding.policy.startswith("policies/ses-recv.feature:")


def test_unknown_region_is_reported_unknown_and_counts_only_under_strict() -> None:
    report = _evaluate("region_no_provider_region")
    statuses = {f.status for f in report.findings}
    assert statuses == {Status.UNKNOWN}
    assert failing(report, "low", strict=False) == []
    assert failing(report, "low", strict=True)


def test_fail_on_threshold_ignores_lower_severities() -> None:
    report = _evaluate("recv_cross_region_targets", only=("SES-RECV-010",))
    failed = [f for f in report.findings if f.status is Status.FAIL]
    assert [f.severity.value for f in failed] == ["medium"]
    assert failing(report, "medium", strict=False)
    assert failing(report, "high", strict=False) == []


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("@a", True), ("@a and not @b", False), ("@c or (@a and @b)", True), ("not @c", True)],
)
def test_tag_expressions(expression: str, expected: bool) -> None:
    assert tag_expression_matches(expression, {"a", "b"}) is expected


def test_every_builtin_rule_has_an_id_severity_and_description() -> None:
    for rule in load_rules(Path(__file__).resolve().parents[2] / "policies", builtin=True):
        assert rule.info.rule_id.startswith("SES-")
        assert rule.info.description, rule.info.rule_id
        assert rule.steps[0].kind == "given"


OUTLINE_POLICY = """@ACME
Feature: ACME house rules
  Background:
    Given resources of type "aws_ses_receipt_rule"

  Rule: receipt rules point at topics next to them
    @ACME-RECV-1 @severity:high
    Scenario Outline: The <action> topic is in the rule's Region
      When I follow "<action>[*].topic_arn" to "aws_sns_topic"
      Then every target is in its Region

      Examples:
        | action        |
        | sns_action    |
        | bounce_action |
"""


def test_background_rule_and_outline_examples_run_as_one_rule(tmp_path) -> None:
    (tmp_path / "acme.feature").write_text(OUTLINE_POLICY)
    report = _evaluate("recv_cross_region_targets", [tmp_path])
    failed = sorted(f.address for f in report.findings if f.status is Status.FAIL)
    assert failed == ["aws_ses_receipt_rule.notify", "aws_ses_receipt_rule.reject_noreply"]
    assert {f.rule_id for f in report.findings} == {"ACME-RECV-1"}
    assert report.findings[0].severity.value == "high"


def test_rule_info_knows_each_step_line_past_a_scenario_description() -> None:
    policy = Path(__file__).resolve().parents[2] / "policies" / "ses-recv.feature"
    rule = next(
        r for r in load_rules(policy.parent, builtin=True) if r.info.rule_id == "SES-RECV-001"
    )
    lines = policy.read_text().splitlines()
    for step, line in zip(rule.steps, rule.info.step_lines, strict=True):
        assert step.text in lines[line - 1]
