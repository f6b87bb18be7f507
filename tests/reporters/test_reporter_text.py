"""The text format: what a person reads in a terminal or a CI log."""

from __future__ import annotations

from dataclasses import replace

from sespolicy.findings import Report, Severity
from sespolicy.reporters import ReportOptions, get_reporter


def render(report: Report, options: ReportOptions) -> str:
    return get_reporter("text").render(report, options)


def block_of(output: str, rule_id: str) -> str:
    """The lines of one rule's block (header up to the blank line)."""
    start = output.index(rule_id + "  ")
    end = output.find("\n\n", start)
    return output[start:end]


def test_failure_shows_region_provenance_related_fix_and_policy(
    mixed_report: Report, options: ReportOptions
) -> None:
    block = block_of(render(mixed_report, options), "SES-RECV-001")
    assert block.splitlines()[0] == (
        "SES-RECV-001  HIGH  Receipt rule actions target resources in the rule's Region"
    )
    assert "FAIL      aws_ses_receipt_rule.store" in block
    assert 'Region: us-east-1 (provider aws.east (region = "us-east-1"))' in block
    assert "source: infra/receiving.tf:12" in block
    assert "related: aws_sns_topic.inbound via sns_action[0].topic_arn (Region: eu-west-1)" in block
    assert "fix: Create the SNS topic in us-east-1" in block
    assert "policy: policies/receiving.feature:4" in block


def test_passes_hidden_unless_show_passed_not_applicable_unless_show_na(
    mixed_report: Report, options: ReportOptions, options_show_passed: ReportOptions
) -> None:
    hidden = render(mixed_report, options)
    assert "aws_ses_receipt_rule.forward" not in hidden
    assert "SES-SMTP-001" not in hidden
    shown = render(mixed_report, options_show_passed)
    assert "PASS      aws_ses_receipt_rule.forward" in shown
    assert "SES-SMTP-001" not in shown  # --show-passed lists passes, not rules that judged nothing
    with_na = render(mixed_report, replace(options, show_not_applicable=True))
    assert "N/A       no resource in this plan was selected" in block_of(with_na, "SES-SMTP-001")
    assert "aws_ses_receipt_rule.forward" not in with_na


def test_unknown_and_waived_are_always_shown(mixed_report: Report, options: ReportOptions) -> None:
    output = render(mixed_report, options)
    assert "UNKNOWN   module.mail[\"bounces\"]" in output
    assert "Region: none (unknown: provider region = var.region" in output
    waived = block_of(output, "SES-DKIM-001")
    assert "WAIVED    aws_ses_domain_identity.replica" in waived
    assert "waived: DKIM for the replica is managed by the DNS team (CHG-4211)" in waived
    assert "fix:" not in waived


def test_rules_in_id_order_and_summary_last(mixed_report: Report, options: ReportOptions) -> None:
    output = render(mixed_report, options)
    positions = [output.index(rule_id) for rule_id in ("SES-DKIM", "SES-NOTIF", "SES-RECV-001")]
    assert positions == sorted(positions)
    # The waived rule (SES-DKIM-001 passes only because of its waiver) is not a pass.
    assert output.splitlines()[-1] == (
        "5 rules: 1 failed, 1 unknown, 1 waived, 1 passed, 1 not applicable (1 finding waived)"
    )


def test_colour_only_when_asked(mixed_report: Report) -> None:
    plain = render(mixed_report, ReportOptions(tool_version="1"))
    coloured = render(mixed_report, ReportOptions(tool_version="1", color=True))
    assert "\x1b[" not in plain
    assert "\x1b[1;31mFAIL" in coloured


def test_control_characters_in_user_data_cannot_reach_the_terminal(
    mixed_report: Report, options: ReportOptions
) -> None:
    failure = next(f for f in mixed_report.findings if f.source is not None)
    hostile = replace(failure, message="evil \x1b[2J clear\nsecond line")
    output = render(Report(findings=(hostile,), rules=mixed_report.rules), options)
    assert "\x1b" not in output
    assert "evil \\x1b[2J clear\\nsecond line" in output
    assert "\nsecond line" not in output


def test_empty_plan_prints_only_the_summary(empty_report: Report, options: ReportOptions) -> None:
    assert render(empty_report, options) == (
        "2 rules: 0 failed, 0 unknown, 0 waived, 0 passed, 2 not applicable\n"
    )


def test_says_when_a_verdict_does_not_decide_the_exit_code(mixed_report: Report) -> None:
    lenient = render(mixed_report, ReportOptions(tool_version="1", fail_on=Severity.CRITICAL))
    assert "below --fail-on critical: does not fail the run" in block_of(lenient, "SES-RECV-001")
    default = render(mixed_report, ReportOptions(tool_version="1"))
    assert "does not fail the run" not in default
    assert "--strict" not in default
    strict = render(mixed_report, ReportOptions(tool_version="1", strict=True))
    assert "--strict: counts as a failure" in block_of(strict, "SES-NOTIF-001")
