"""Which findings a waiver covers: rule id or family, address glob with literal brackets."""

from __future__ import annotations

from datetime import date

import pytest

from sespolicy.findings import Finding, Report, RuleInfo, Severity, Status
from sespolicy.gate.waivers import RuleNames, Waiver, apply_waivers, compile_address_glob

TODAY = date(2027, 1, 15)


@pytest.mark.parametrize(
    ("pattern", "address", "matches"),
    [
        ('aws_sns_topic.t["eu"]', 'aws_sns_topic.t["eu"]', True),
        ("aws_sns_topic.t[*]", 'aws_sns_topic.t["eu"]', True),
        # fnmatch would read [0] as a character class and match "t0": brackets are literal here.
        ("aws_sns_topic.t[0]", "aws_sns_topic.t0", False),
        ("aws_sns_topic.t[0]", "aws_sns_topic.t[0]", True),
        ("module.*.aws_sns_topic.t", "module.mail[1].aws_sns_topic.t", True),
        ("aws_sns_topic.t?", "aws_sns_topic.t1", True),
        ("aws_sns_topic.t", "aws_sns_topic.t_other", False),  # whole address, not a prefix
        ("aws_sns_topic.t", "module.m.aws_sns_topic.t", False),
    ],
)
def test_the_address_glob(pattern: str, address: str, matches: bool) -> None:
    assert (compile_address_glob(pattern).fullmatch(address) is not None) is matches


def _finding(rule_id: str, address: str, status: Status = Status.FAIL) -> Finding:
    return Finding(
        rule_id=rule_id,
        family=rule_id.rsplit("-", 1)[0],
        severity=Severity.HIGH,
        status=status,
        address=address,
        region="eu-west-1",
        region_source="provider",
        message="m",
        remediation="r",
        policy="p",
    )


def _waiver(rule: str, address: str, reason: str, expires: date = date(2027, 6, 30)) -> Waiver:
    return Waiver(rule, address, reason, "team@example.com", expires, f"w-{reason}")


def _report(*findings: Finding) -> Report:
    rules = {f.rule_id: RuleInfo(f.rule_id, f.family, f.severity, "t", "d", "p") for f in findings}
    return Report(findings, tuple(rules.values()))


def _names(report: Report) -> RuleNames:
    return RuleNames.of([(r.rule_id, r.family) for r in report.rules], report)


def test_the_first_valid_waiver_in_file_order_names_the_finding() -> None:
    report = _report(_finding("SES-RECV-010", "aws_ses_receipt_rule.archive"))
    waivers = [
        _waiver("SES-RECV", "*", "expired-one", expires=date(2026, 12, 31)),
        _waiver("SES-RECV", "aws_ses_receipt_rule.*", "family-wide"),
        _waiver("SES-RECV-010", "aws_ses_receipt_rule.archive", "exact"),
    ]
    result = apply_waivers(report, waivers, TODAY, _names(report))
    (finding,) = result.report.findings
    assert finding.waived_by == "family-wide (team@example.com, expires 2027-06-30)"
    # Both valid waivers covered it, so neither is reported as matching nothing.
    assert [line for line in result.warnings if "matches no" in line] == []
    assert any("expired on 2026-12-31" in line for line in result.warnings)


def test_passing_findings_are_never_marked_waived() -> None:
    report = _report(_finding("SES-RECV-010", "aws_ses_receipt_rule.archive", Status.PASS))
    result = apply_waivers(report, [_waiver("SES-RECV-010", "*", "x")], TODAY, _names(report))
    assert result.report.findings[0].waived_by is None
    assert "matches no failed or unknown finding" in result.warnings[0]


def test_an_unknown_finding_can_be_waived() -> None:
    report = _report(_finding("SES-REGION-001", "aws_ses_domain_identity.main", Status.UNKNOWN))
    result = apply_waivers(report, [_waiver("SES-REGION", "*", "x")], TODAY, _names(report))
    assert result.report.findings[0].waived_by is not None
    assert result.warnings == ()


def test_warnings_are_also_report_notes() -> None:
    report = _report(_finding("SES-RECV-010", "aws_ses_receipt_rule.archive"))
    waivers = [_waiver("SES-RECV-010", "nothing.here", "x")]
    result = apply_waivers(report, waivers, TODAY, _names(report))
    assert result.warnings and result.report.notes == result.warnings
