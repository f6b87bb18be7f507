"""The junit format, read back by a real JUnit consumer (junitparser)."""

from __future__ import annotations

from dataclasses import replace

import pytest

junitparser = pytest.importorskip("junitparser", reason="test dependency: pip install junitparser")

from sespolicy.display import escape_text  # noqa: E402
from sespolicy.findings import Report  # noqa: E402
from sespolicy.reporters import ReportOptions, get_reporter  # noqa: E402


def parse(report: Report, options: ReportOptions) -> junitparser.JUnitXml:
    text = get_reporter("junit").render(report, options)
    return junitparser.JUnitXml.fromstring(text.encode("utf-8"))


def cases_by_key(xml: junitparser.JUnitXml) -> dict[tuple[str, str], junitparser.TestCase]:
    return {(case.classname, case.name): case for suite in xml for case in suite}


def test_one_suite_per_rule_with_counts_a_consumer_agrees_with(
    mixed_report: Report, options: ReportOptions
) -> None:
    xml = parse(mixed_report, options)
    suites = {suite.name: suite for suite in xml}
    assert sorted(suites) == sorted(rule.rule_id for rule in mixed_report.rules)
    for suite in suites.values():
        stated = (suite.tests, suite.failures, suite.skipped)
        suite.update_statistics()
        assert (suite.tests, suite.failures, suite.skipped) == stated
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (6, 1, 0, 3)


def test_failure_carries_message_severity_and_details(
    mixed_report: Report, options: ReportOptions
) -> None:
    case = cases_by_key(parse(mixed_report, options))[
        ("SES-RECV-001", "aws_ses_receipt_rule.store")
    ]
    assert case.is_failure
    (failure,) = case.result
    assert failure.type == "high"
    assert failure.message.startswith("SNS action targets aws_sns_topic.inbound")
    assert "aws_sns_topic.inbound via sns_action[0].topic_arn (Region: eu-west-1)" in failure.text
    assert 'provider aws.east (region = "us-east-1")' in failure.text


def test_pass_is_a_plain_testcase(mixed_report: Report, options: ReportOptions) -> None:
    case = cases_by_key(parse(mixed_report, options))[
        ("SES-RECV-001", "aws_ses_receipt_rule.forward")
    ]
    assert case.is_passed


def test_unknown_is_skipped_unless_strict(mixed_report: Report) -> None:
    key = (
        "SES-NOTIF-001",
        'module.mail["bounces"].aws_ses_identity_notification_topic.bounce',
    )
    relaxed = cases_by_key(parse(mixed_report, ReportOptions(tool_version="1")))[key]
    assert relaxed.is_skipped
    assert relaxed.result[0].message.startswith("unknown: ")
    strict = cases_by_key(parse(mixed_report, ReportOptions(tool_version="1", strict=True)))[key]
    assert strict.is_failure
    assert strict.result[0].message.startswith("unknown: ")


def test_waived_failure_is_skipped_with_its_reason(
    mixed_report: Report, options: ReportOptions
) -> None:
    case = cases_by_key(parse(mixed_report, options))[
        ("SES-DKIM-001", "aws_ses_domain_identity.replica")
    ]
    assert case.is_skipped
    assert case.result[0].message == (
        "waived: DKIM for the replica is managed by the DNS team (CHG-4211)"
    )


def test_not_applicable_rule_gets_one_skipped_case(
    mixed_report: Report, options: ReportOptions
) -> None:
    (suite,) = [suite for suite in parse(mixed_report, options) if suite.name == "SES-SMTP-001"]
    (case,) = list(suite)
    assert case.is_skipped
    assert case.result[0].message.startswith("not applicable")


def test_markup_in_user_data_survives_the_round_trip(
    hostile_text_report: Report, options: ReportOptions
) -> None:
    finding = hostile_text_report.findings[0]
    (case,) = [case for suite in parse(hostile_text_report, options) for case in suite]
    assert case.name == finding.address
    assert case.result[0].message == escape_text(finding.message)  # CR/LF shown as \r\n
    assert "</failure> ]]>" in case.result[0].text


def test_characters_xml_cannot_hold_are_escaped_not_fatal(
    mixed_report: Report, options: ReportOptions
) -> None:
    failure = next(f for f in mixed_report.findings if f.status.value == "fail" and not f.waived_by)
    broken = replace(failure, message="bell\x07 and nul\x00 here")
    report = Report(findings=(broken,), rules=mixed_report.rules)
    (case,) = [c for suite in parse(report, options) for c in suite if c.is_failure]
    assert case.result[0].message == "bell\\x07 and nul\\x00 here"
