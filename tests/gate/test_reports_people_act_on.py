"""Issue 9, "Reports people act on": an unknown says why once and what would decide it; each
note reaches the terminal once; waived and baselined findings are counted apart from passes in
every format. (The html order and layout are tested in a real browser in tests/reporters.)"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from gate_helpers import HCL, plan

from sespolicy.findings import Finding, Report, RuleInfo, Severity, Status
from sespolicy.reporters import ReportOptions, get_reporter

VIOLATING = plan("recv_cross_region_targets")
NO_REGION = plan("region_no_provider_region")
UNRESOLVED_HCL = HCL / "unknown_count"
WAIVER = """\
[[waiver]]
rule = "SES-RECV-010"
address = "aws_ses_receipt_rule.archive"
reason = "Archive bucket stays in us-east-1 by design"
owner = "mail-platform@example.com"
expires = 2099-12-31
"""

REASON = "provider aws.shared sets no region, and neither --region nor AWS_REGION is set"
UNKNOWN = Finding(
    rule_id="SES-REGION-001",
    family="SES-REGION",
    severity=Severity.CRITICAL,
    status=Status.UNKNOWN,
    address="aws_ses_domain_identity.main",
    region=None,
    region_source=f"unknown: {REASON}",
    message=f"its Region is unknown: {REASON}",
    remediation="set region on provider aws.shared, or pass --region",
    policy="policies/ses-region.feature:9",
)
UNKNOWN_RULE = RuleInfo(
    "SES-REGION-001", "SES-REGION", Severity.CRITICAL, "SES is offered", "", UNKNOWN.policy
)


def test_an_unknown_states_its_reason_once_and_what_would_decide_it() -> None:
    text = get_reporter("text").render(
        Report((UNKNOWN,), (UNKNOWN_RULE,)), ReportOptions(tool_version="1")
    )
    assert text.count(REASON) == 1
    assert "to decide: set region on provider aws.shared, or pass --region" in text
    assert "fix:" not in text


def test_an_unknown_region_without_the_reason_in_its_message_keeps_the_reason() -> None:
    other = Finding(**{**UNKNOWN.__dict__, "message": "cannot judge the Region"})
    text = get_reporter("text").render(
        Report((other,), (UNKNOWN_RULE,)), ReportOptions(tool_version="1")
    )
    assert text.count(REASON) == 1  # in the Region line, since the message lacks it


@pytest.mark.parametrize("name", ["github", "sarif", "junit", "cucumber", "html"])
def test_other_formats_say_to_decide_not_fix_for_an_unknown(name: str) -> None:
    output = get_reporter(name).render(
        Report((UNKNOWN,), (UNKNOWN_RULE,)), ReportOptions(tool_version="1")
    )
    assert "set region on provider aws.shared" in output
    assert "ix: set region" not in output  # never offered as a fix (Fix:/fix:)


def test_the_cli_prints_each_unknown_reason_once(run) -> None:
    result = run("eval", NO_REGION)
    findings: list[list[str]] = []
    for line in result.out.splitlines():
        if line.startswith("  UNKNOWN "):
            findings.append([line])
        elif line.startswith(" " * 12) and findings:
            findings[-1].append(line)
    assert findings
    for lines in findings:
        assert "\n".join(lines).count("provider aws sets no region") == 1, lines


def test_each_note_reaches_the_terminal_once(run) -> None:
    text = run("eval", UNRESOLVED_HCL)
    notes = [line for line in text.out.splitlines() if line.startswith("note: ")]
    assert notes and all(text.out.count(line) == 1 for line in notes)
    assert text.err == ""
    machine = run("eval", UNRESOLVED_HCL, "--format", "json")
    assert "note:" not in machine.out
    assert machine.err.count("not resolved without Terraform") == len(notes)


def test_a_warning_is_on_stderr_and_not_again_in_the_report(run, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(WAIVER.replace("archive", "long_gone"))
    result = run("eval", VIOLATING)
    assert result.err.count("matches no failed or unknown finding") == 1
    assert "matches no failed or unknown finding" not in result.out
    run("eval", VIOLATING, "--output", "text=report.txt")
    assert "matches no failed or unknown finding" in (workdir / "report.txt").read_text()


def test_show_passed_does_not_list_not_applicable_rules(run) -> None:
    passed = run("eval", VIOLATING, "--show-passed")
    assert "PASS " in passed.out and "N/A " not in passed.out
    with_na = run("eval", VIOLATING, "--show-na")
    assert "N/A " in with_na.out and "PASS " not in with_na.out


# --- waived counted apart, everywhere ---------------------------------------------------------


@pytest.fixture
def waived(workdir: Path) -> Path:
    (workdir / ".sespolicy.toml").write_text(WAIVER)
    return workdir


def test_text_counts_waived_apart_from_passed(run, waived: Path) -> None:
    plain = run("eval", VIOLATING, "--rule", "SES-RECV-010")
    assert plain.out.splitlines()[-1] == (
        "1 rules: 0 failed, 0 unknown, 1 waived, 0 passed, 0 not applicable (1 finding waived)"
    )


def test_json_summary_counts_waived_and_lists_them_apart(run, waived: Path) -> None:
    report = json.loads(run("eval", VIOLATING, "--format", "json").out)
    assert report["summary"]["waived"] == 1
    (entry,) = report["waived"]
    assert entry["rule_id"] == "SES-RECV-010" and entry["waived_by"].startswith("Archive bucket")
    assert all(f["rule_id"] != "SES-RECV-010" for f in report["findings"])
    summary = report["summary"]
    assert summary["rules"] == sum(
        summary[key] for key in ("passed", "failed", "unknown", "waived", "not_applicable")
    )


def test_sarif_marks_waived_findings_as_suppressed(run, waived: Path) -> None:
    sarif = json.loads(run("eval", VIOLATING, "--format", "sarif").out)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SES-RECV-010"]
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"


def test_junit_skips_waived_findings(run, waived: Path) -> None:
    root = ElementTree.fromstring(run("eval", VIOLATING, "--format", "junit").out.split("\n", 1)[1])
    (suite,) = [s for s in root.iter("testsuite") if s.get("name") == "SES-RECV-010"]
    (case,) = [c for c in suite.iter("testcase") if c.get("name") == "aws_ses_receipt_rule.archive"]
    (skipped,) = case.iter("skipped")
    assert skipped.get("message", "").startswith("waived: Archive bucket")
    assert suite.get("failures") == "0" and suite.get("skipped") == "1"


def test_baselined_findings_are_counted_as_waived_too(run, workdir: Path) -> None:
    assert run("baseline", VIOLATING, "--out", "known.json").code == 0
    report = json.loads(run("eval", VIOLATING, "--baseline", "known.json", "--format", "json").out)
    assert report["summary"]["failed"] == 0
    assert report["summary"]["waived"] == 4 and len(report["waived"]) == 4
