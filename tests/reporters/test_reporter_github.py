"""The github format: workflow commands that the Actions runner parses."""

from __future__ import annotations

import re
from dataclasses import replace

from sespolicy.display import escape_text
from sespolicy.findings import Report
from sespolicy.reporters import ReportOptions, get_reporter

# One workflow command: ::name prop=value,prop=value::message (runner's own grammar).
COMMAND = re.compile(r"^::(?P<name>[a-z]+)(?: (?P<properties>[^:]*))?::(?P<message>.*)$")


def unescape(text: str) -> str:
    # The runner's inverse, in the order that keeps "%25" from being decoded twice.
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in output.splitlines():
        match = COMMAND.match(line)
        if match:
            properties = {}
            if match["properties"]:
                for item in match["properties"].split(","):
                    name, _, value = item.partition("=")
                    properties[name] = unescape(value)
            parsed.append((match["name"], properties, unescape(match["message"])))
    return parsed


def test_fail_is_error_unknown_is_warning_waived_is_notice(
    mixed_report: Report, options_show_passed: ReportOptions
) -> None:
    parsed = commands(get_reporter("github").render(mixed_report, options_show_passed))
    assert [(name, props["title"]) for name, props, _ in parsed] == [
        ("notice", "SES-DKIM-001"),
        ("warning", "SES-NOTIF-001"),
        ("error", "SES-RECV-001"),
    ]


def test_file_and_line_only_when_the_source_is_known(
    mixed_report: Report, options: ReportOptions
) -> None:
    parsed = {name: props for name, props, _ in commands(
        get_reporter("github").render(mixed_report, options)
    )}
    assert parsed["error"] == {
        "file": "infra/receiving.tf",
        "line": "12",
        "endLine": "30",
        "title": "SES-RECV-001",
    }
    assert "file" not in parsed["warning"]


def test_message_names_resource_region_and_fix(
    mixed_report: Report, options: ReportOptions
) -> None:
    (error,) = [
        message
        for name, _, message in commands(get_reporter("github").render(mixed_report, options))
        if name == "error"
    ]
    assert error.splitlines() == [
        "aws_ses_receipt_rule.store (Region: us-east-1): "
        "SNS action targets aws_sns_topic.inbound in eu-west-1, not us-east-1",
        "Fix: Create the SNS topic in us-east-1 or move the receipt rule to eu-west-1.",
        "Policy: policies/receiving.feature:4",
    ]


def test_special_characters_are_escaped_and_round_trip(
    hostile_text_report: Report, options: ReportOptions
) -> None:
    output = get_reporter("github").render(hostile_text_report, options)
    finding = hostile_text_report.findings[0]
    annotation_lines = [line for line in output.splitlines() if line.startswith("::")]
    assert len(annotation_lines) == 1  # the CR/LF in the message did not start a new line
    assert "file=dir%2C with%3A odd%25chars/main.tf," in annotation_lines[0]
    ((_, properties, message),) = commands(output)
    assert properties["file"] == finding.source.file
    # The CR/LF of the plan value is shown as text: it cannot end the annotation either.
    assert escape_text(finding.message) in message
    assert "\r" not in message.splitlines()[0]
    assert finding.address in message


def test_ends_with_a_summary_line(mixed_report: Report, options: ReportOptions) -> None:
    last = get_reporter("github").render(mixed_report, options).splitlines()[-1]
    assert not last.startswith("::")
    assert (
        "5 rules: 1 failed, 1 unknown, 1 waived, 1 passed, 1 not applicable (1 finding waived)"
        in last
    )


def test_address_not_repeated_when_the_message_names_it(
    mixed_report: Report, options: ReportOptions
) -> None:
    failure = next(f for f in mixed_report.findings if f.source is not None)
    named = replace(failure, message=f"{failure.address} is in us-east-1 but its topic is not")
    output = get_reporter("github").render(Report(findings=(named,), rules=()), options)
    ((_, _, message),) = commands(output)
    assert message.splitlines()[0] == (
        "aws_ses_receipt_rule.store is in us-east-1 but its topic is not (Region: us-east-1)"
    )
