"""The json format: an exact, versioned shape that scripts rely on."""

from __future__ import annotations

import json

from sespolicy.findings import Report
from sespolicy.reporters import ReportOptions, get_reporter

FINDING_KEYS = {
    "rule_id", "family", "severity", "status", "input", "address", "region", "region_source",
    "related", "message", "remediation", "policy",
}
RELATED_KEYS = {"input", "address", "attribute", "region"}


def render(report: Report, options: ReportOptions) -> dict:
    return json.loads(get_reporter("json").render(report, options))


def test_top_level_and_summary_have_exactly_the_promised_keys(
    mixed_report: Report, options: ReportOptions
) -> None:
    document = render(mixed_report, options)
    assert set(document) == {"version", "findings", "waived", "summary"}
    assert document["version"] == 1
    # SES-DKIM-001 passes only because of its waiver: waived, not passed.
    assert document["summary"] == {
        "rules": 5, "passed": 1, "failed": 1, "unknown": 1, "waived": 1, "not_applicable": 1,
    }


def test_findings_have_exactly_the_promised_keys(
    mixed_report: Report, options_show_passed: ReportOptions
) -> None:
    for record in render(mixed_report, options_show_passed)["findings"]:
        assert set(record) == FINDING_KEYS
        for related in record["related"]:
            assert set(related) == RELATED_KEYS


def test_waived_findings_are_listed_apart_with_the_reason(
    mixed_report: Report, options: ReportOptions
) -> None:
    (waived,) = render(mixed_report, options)["waived"]
    assert set(waived) == FINDING_KEYS | {"waived_by"}
    assert waived["address"] == "aws_ses_domain_identity.replica"
    assert waived["status"] == "fail"
    assert waived["waived_by"] == "DKIM for the replica is managed by the DNS team (CHG-4211)"


def test_only_failures_and_unknowns_by_default_and_waived_left_out(
    mixed_report: Report, options: ReportOptions
) -> None:
    findings = render(mixed_report, options)["findings"]
    assert [(f["rule_id"], f["status"]) for f in findings] == [
        ("SES-NOTIF-001", "unknown"),
        ("SES-RECV-001", "fail"),
    ]
    assert all(f["address"] != "aws_ses_domain_identity.replica" for f in findings)


def test_show_passed_adds_passes_in_rule_then_address_order(
    mixed_report: Report, options_show_passed: ReportOptions
) -> None:
    findings = render(mixed_report, options_show_passed)["findings"]
    assert [(f["rule_id"], f["address"], f["status"]) for f in findings] == [
        (
            "SES-NOTIF-001",
            'module.mail["bounces"].aws_ses_identity_notification_topic.bounce',
            "unknown",
        ),
        ("SES-RECV-001", "aws_ses_receipt_rule.forward", "pass"),
        ("SES-RECV-001", "aws_ses_receipt_rule.store", "fail"),
        ("SES-RECV-003", "aws_ses_receipt_rule.store", "pass"),
    ]
    assert "not_applicable" not in {f["status"] for f in findings}


def test_cross_region_failure_carries_region_provenance_and_related(
    mixed_report: Report, options: ReportOptions
) -> None:
    failure = next(f for f in render(mixed_report, options)["findings"] if f["status"] == "fail")
    assert failure["region"] == "us-east-1"
    assert failure["region_source"] == 'provider aws.east (region = "us-east-1")'
    assert failure["severity"] == "high"
    assert failure["related"] == [
        {
            "input": "",
            "address": "aws_sns_topic.inbound",
            "attribute": "sns_action[0].topic_arn",
            "region": "eu-west-1",
        }
    ]
    assert failure["policy"] == "policies/receiving.feature:4"


def test_unknown_region_is_null_not_a_guess(mixed_report: Report, options: ReportOptions) -> None:
    unknown = next(
        f for f in render(mixed_report, options)["findings"] if f["status"] == "unknown"
    )
    assert unknown["region"] is None


def test_output_is_identical_whatever_the_input_order(
    mixed_report: Report, options: ReportOptions
) -> None:
    reversed_report = Report(
        findings=tuple(reversed(mixed_report.findings)),
        rules=tuple(reversed(mixed_report.rules)),
        plans=mixed_report.plans,
    )
    reporter = get_reporter("json")
    assert reporter.render(reversed_report, options) == reporter.render(mixed_report, options)


def test_empty_plan_has_no_findings_and_counts_rules(
    empty_report: Report, options: ReportOptions
) -> None:
    document = render(empty_report, options)
    assert document["findings"] == []
    assert document["waived"] == []
    assert document["summary"] == {
        "rules": 2, "passed": 0, "failed": 0, "unknown": 0, "waived": 0, "not_applicable": 2,
    }
