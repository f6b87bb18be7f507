"""Enforcement levels: advisory never fails, soft fails unless overridden, hard always fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from waiver_helpers import plan, waiver_toml

from sespolicy.findings import Finding, Report, Severity, Status
from sespolicy.gate.decision import failing
from sespolicy.gate.enforcement import Enforcement, EnforcementLevel

CROSS_REGION = plan("recv_cross_region_targets")  # four failures, high and medium
SUPPRESSION = plan("supp_differs")  # two failures of an info rule: below --fail-on low
UNKNOWN_REGION = plan("region_no_provider_region")  # only unknown verdicts


def _config(workdir: Path, levels: dict[str, str], extra: str = "") -> None:
    lines = "".join(f'"{key}" = "{value}"\n' for key, value in levels.items())
    (workdir / ".sespolicy.toml").write_text(extra + "[enforcement]\n" + lines)


def test_advisory_findings_are_reported_but_never_fail(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-RECV": "advisory"})
    result = run_cli("eval", CROSS_REGION)
    assert result.code == 0
    assert result.out.count("FAIL ") == 4
    assert (
        "note: SES-RECV-010 is advisory ([enforcement] 'SES-RECV'): 1 finding(s) reported "
        "only, not failing the run" in result.out
    )


def test_hard_fails_whatever_fail_on_says(run_cli, workdir: Path) -> None:
    assert run_cli("eval", SUPPRESSION).code == 0  # info is below the default gate
    _config(workdir, {"SES-SUPP-001": "hard"})
    result = run_cli("eval", SUPPRESSION, "--fail-on", "critical")
    assert result.code == 1
    assert "SES-SUPP-001 is hard" in result.out


def test_hard_is_not_overridden_by_override_soft(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-SUPP": "hard"})
    assert run_cli("eval", SUPPRESSION, "--override-soft").code == 1


def test_soft_fails_unless_the_run_overrides_it(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-SUPP": "soft"})
    failed = run_cli("eval", SUPPRESSION)
    assert failed.code == 1
    assert "unless --override-soft" in failed.out
    overridden = run_cli("eval", SUPPRESSION, "--override-soft")
    assert overridden.code == 0
    assert "overridden by --override-soft" in overridden.out


def test_a_rule_id_level_wins_over_its_family_level(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-RECV": "advisory", "SES-RECV-010": "hard"})
    assert run_cli("eval", CROSS_REGION).code == 1
    assert run_cli("eval", CROSS_REGION, "--skip-rule", "SES-RECV-010").code == 0


def test_rules_without_a_level_keep_the_severity_gate(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-SUPP": "advisory"})
    assert run_cli("eval", CROSS_REGION, "--fail-on", "high", "--rule", "SES-RECV-010").code == 0
    assert run_cli("eval", CROSS_REGION, "--fail-on", "medium", "--rule", "SES-RECV-010").code == 1


def test_hard_unknown_verdicts_count_only_under_strict(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-REGION": "hard", "SES-DKIM": "hard", "SES-IDENT": "hard"})
    assert run_cli("eval", UNKNOWN_REGION).code == 0
    assert run_cli("eval", UNKNOWN_REGION, "--strict").code == 1


def test_a_waiver_still_accepts_a_finding_of_a_hard_rule(run_cli, workdir: Path) -> None:
    waiver = waiver_toml("SES-SUPP-001", "aws_sesv2_account_suppression_attributes.*")
    _config(workdir, {"SES-SUPP": "hard"}, extra=waiver)
    result = run_cli("eval", SUPPRESSION)
    assert result.code == 0
    assert "(2 findings waived)" in result.out


def test_a_level_for_a_rule_not_in_the_catalog_is_warned_about(run_cli, workdir: Path) -> None:
    _config(workdir, {"SES-NOPE": "hard"})
    result = run_cli("eval", SUPPRESSION)
    assert "sespolicy: warning: [enforcement] 'SES-NOPE' names no rule or family" in result.err


def _finding(rule_id: str, severity: Severity, status: Status = Status.FAIL) -> Finding:
    return Finding(
        rule_id=rule_id,
        family=rule_id.rsplit("-", 1)[0],
        severity=severity,
        status=status,
        address=f"aws_ses_receipt_rule.{rule_id.lower().replace('-', '_')}",
        region="eu-west-1",
        region_source="provider",
        message="m",
        remediation="r",
        policy="policies/x.feature:1",
    )


@pytest.mark.parametrize(
    ("level", "override_soft", "fails"),
    [
        (EnforcementLevel.ADVISORY, False, False),
        (EnforcementLevel.SOFT, False, True),
        (EnforcementLevel.SOFT, True, False),
        (EnforcementLevel.HARD, True, True),
    ],
)
def test_failing_applies_the_level_over_the_severity_gate(
    level: EnforcementLevel, override_soft: bool, fails: bool
) -> None:
    # A critical and an info finding: the gate alone (--fail-on high) fails only the critical.
    critical = _finding("ACME-A-1", Severity.CRITICAL)
    info = _finding("ACME-B-1", Severity.INFO)
    report = Report(findings=(critical, info), rules=())
    enforcement = Enforcement({"ACME-A": level, "ACME-B": level}, override_soft)
    result = failing(report, "high", False, enforcement)
    assert result == ([critical, info] if fails else [])
    assert failing(report, "high", False) == [critical]
