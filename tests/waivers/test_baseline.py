"""Baselines: record today's findings, then only new ones fail; fixed ones are noted."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from waiver_helpers import TODAY, plan, plan_with_copied_resource, waiver_toml

# Imported before any test fixes "today": the command must still see the fixed day.
import sespolicy.commands.baseline  # noqa: F401
from sespolicy.findings import Finding, RelatedResource, Report, RuleInfo, Severity, Status
from sespolicy.gate.baseline import Baseline, BaselineEntry, apply_baseline, fingerprint

CROSS_REGION = plan("recv_cross_region_targets")
CROSS_REGION_ADDRESSES = {
    "aws_ses_receipt_rule.notify",
    "aws_ses_receipt_rule.encrypted",
    "aws_ses_receipt_rule.reject_noreply",
    "aws_ses_receipt_rule.archive",
}


def test_baseline_records_every_failure_with_rule_address_and_fingerprint(
    run_cli, workdir: Path
) -> None:
    result = run_cli("baseline", CROSS_REGION, "--out", "known.json")
    assert result.code == 0
    assert "recorded 4 finding(s) (4 failed, 0 unknown) from 1 plan(s) in known.json" in result.err
    document = json.loads((workdir / "known.json").read_text())
    assert document["format"] == "sespolicy-baseline" and document["version"] == 1
    assert document["created"] == TODAY.isoformat()
    assert {entry["address"] for entry in document["findings"]} == CROSS_REGION_ADDRESSES
    for entry in document["findings"]:
        assert set(entry) == {"rule", "address", "status", "fingerprint"}
        assert entry["fingerprint"].startswith("sha256:")


def test_the_default_baseline_file_name(run_cli, workdir: Path) -> None:
    assert run_cli("baseline", CROSS_REGION).code == 0
    assert (workdir / ".sespolicy-baseline.json").is_file()


def test_recording_twice_gives_the_same_file(run_cli, workdir: Path) -> None:
    run_cli("baseline", CROSS_REGION, "--out", "first.json")
    run_cli("baseline", CROSS_REGION, "--out", "second.json")
    assert (workdir / "first.json").read_bytes() == (workdir / "second.json").read_bytes()


def test_the_baseline_keeps_no_message_or_value_from_the_plan(run_cli, workdir: Path) -> None:
    run_cli("baseline", plan("smtp_violating"), "--out", "known.json")
    text = (workdir / "known.json").read_text()
    report = run_cli("eval", plan("smtp_violating"), "--format", "json").out
    messages = [f["message"] for f in json.loads(report)["findings"]]
    assert messages, "the plan must have findings for this test to mean anything"
    for message in messages:
        assert message not in text
    assert "eu-west-1" not in text and "us-east-1" not in text


def test_round_trip_known_findings_pass_and_a_new_violation_fails(run_cli, workdir: Path) -> None:
    assert run_cli("eval", CROSS_REGION).code == 1
    run_cli("baseline", CROSS_REGION, "--out", "known.json")

    known = run_cli("eval", CROSS_REGION, "--baseline", "known.json")
    assert known.code == 0
    assert "(4 findings waived)" in known.out
    assert f"waived: baseline known.json (recorded {TODAY.isoformat()})" in known.out

    # A copy-pasted receipt rule repeats the archive violation at a new address.
    grown = plan_with_copied_resource(
        "recv_cross_region_targets",
        "aws_ses_receipt_rule.archive",
        "archive_copy",
        workdir / "grown.json",
    )
    new = run_cli("eval", str(grown), "--baseline", "known.json")
    assert new.code == 1
    assert "FAIL      aws_ses_receipt_rule.archive_copy" in new.out
    assert new.out.count("FAIL ") == 1
    assert "(4 findings waived)" in new.out


def test_findings_gone_since_the_baseline_are_noted_as_fixed(run_cli, workdir: Path) -> None:
    grown = plan_with_copied_resource(
        "recv_cross_region_targets",
        "aws_ses_receipt_rule.archive",
        "archive_copy",
        workdir / "grown.json",
    )
    run_cli("baseline", str(grown), "--out", "known.json")
    result = run_cli("eval", CROSS_REGION, "--baseline", "known.json")
    assert result.code == 0
    assert (
        "note: fixed since baseline known.json: SES-RECV-010 aws_ses_receipt_rule.archive_copy "
        "(fail) no longer occurs" in result.out
    )
    assert "fixed since baseline known.json: SES-RECV-010 aws_ses_receipt_rule.archive " not in (
        result.out
    )


def test_rules_left_out_of_the_run_are_not_called_fixed(run_cli, workdir: Path) -> None:
    run_cli("baseline", CROSS_REGION, "--out", "known.json")
    result = run_cli("eval", CROSS_REGION, "--baseline", "known.json", "--rule", "SES-RECV-010")
    assert result.code == 0
    assert "fixed since baseline" not in result.out


def test_waived_findings_are_not_recorded(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", "aws_ses_receipt_rule.archive")
    )
    result = run_cli("baseline", CROSS_REGION, "--out", "known.json")
    assert "recorded 3 finding(s)" in result.err
    addresses = {e["address"] for e in json.loads((workdir / "known.json").read_text())["findings"]}
    assert addresses == CROSS_REGION_ADDRESSES - {"aws_ses_receipt_rule.archive"}


def test_unknown_verdicts_are_recorded_and_then_known_under_strict(run_cli, workdir: Path) -> None:
    unknowns = plan("region_no_provider_region")
    assert run_cli("eval", unknowns, "--strict").code == 1
    result = run_cli("baseline", unknowns, "--out", "known.json")
    assert "(0 failed, 4 unknown)" in result.err
    assert run_cli("eval", unknowns, "--strict", "--baseline", "known.json").code == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("{not json", "known.json: not valid JSON at line 1 column 2", id="json"),
        pytest.param(
            json.dumps(
                {
                    "format": "sespolicy-baseline",
                    "version": 2,
                    "created": "2027-01-01",
                    "findings": [],
                }
            ),
            "known.json: version: expected baseline format version 1",
            id="version",
        ),
        pytest.param(
            json.dumps(
                {
                    "format": "sespolicy-baseline",
                    "version": 1,
                    "created": "2027-01-01",
                    "findings": [{"rule": "SES-RECV-010", "address": "a.b"}],
                }
            ),
            "known.json: findings #1: missing key 'fingerprint'",
            id="entry",
        ),
    ],
)
def test_a_broken_baseline_is_one_line_and_exit_2(
    run_cli, workdir: Path, content: str, expected: str
) -> None:
    (workdir / "known.json").write_text(content)
    result = run_cli("eval", CROSS_REGION, "--baseline", "known.json")
    assert result.code == 2
    assert result.err.startswith(f"sespolicy: error: {expected}")
    assert result.err.count("\n") == 1


def test_a_missing_baseline_says_how_to_record_one(run_cli) -> None:
    result = run_cli("eval", CROSS_REGION, "--baseline", "absent.json")
    assert result.code == 2
    assert "`sespolicy baseline PLAN --out absent.json`" in result.err


def _finding(status: Status = Status.FAIL, related: tuple[RelatedResource, ...] = ()) -> Finding:
    return Finding(
        rule_id="SES-RECV-001",
        family="SES-RECV",
        severity=Severity.HIGH,
        status=status,
        address="aws_ses_receipt_rule.notify",
        region="eu-west-1",
        region_source="provider",
        message="topic is elsewhere",
        remediation="move it",
        policy="policies/ses-recv.feature:10",
        related=related,
    )


TOPIC_US = RelatedResource("aws_sns_topic.us", "sns_action[0].topic_arn", "us-east-1")
TOPIC_AP = RelatedResource("aws_sns_topic.ap", "sns_action[0].topic_arn", "ap-south-1")


def test_the_fingerprint_ignores_wording_and_regions_but_not_what_is_related() -> None:
    base = _finding(related=(TOPIC_US,))
    reworded = replace(base, message="new wording", remediation="other fix")
    same_topic_moved = _finding(related=(replace(TOPIC_US, region="ap-south-1"),))
    assert fingerprint(reworded) == fingerprint(base)
    assert fingerprint(same_topic_moved) == fingerprint(base)
    assert fingerprint(_finding(related=(TOPIC_AP,))) != fingerprint(base)
    assert fingerprint(_finding(Status.UNKNOWN, (TOPIC_US,))) != fingerprint(base)


def test_apply_baseline_marks_only_recorded_findings() -> None:
    recorded = _finding(related=(TOPIC_US,))
    new = _finding(related=(TOPIC_AP,))
    rule = RuleInfo("SES-RECV-001", "SES-RECV", Severity.HIGH, "t", "d", "p")
    baseline = Baseline(frozenset({BaselineEntry.of(recorded)}), date(2027, 1, 1), source="b.json")
    result = apply_baseline(Report((recorded, new), (rule,)), baseline)
    marked, unmarked = result.report.findings
    assert marked.waived_by == "baseline b.json (recorded 2027-01-01)"
    assert unmarked.waived_by is None
    assert result.known == 1 and result.fixed == ()


def test_the_baseline_can_go_to_stdout(run_cli, workdir: Path) -> None:
    result = run_cli("baseline", CROSS_REGION, "--out", "-")
    assert result.code == 0
    document = json.loads(result.out)
    assert {entry["address"] for entry in document["findings"]} == CROSS_REGION_ADDRESSES
    assert not (workdir / "-").exists()
