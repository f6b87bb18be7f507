"""Waivers through the CLI: a waived, an expired and an unmatched waiver each do what they say."""

from __future__ import annotations

import json
from pathlib import Path

from waiver_helpers import TODAY, plan, waiver_toml

CROSS_REGION = plan("recv_cross_region_targets")  # four receipt rules, each failing one rule
ARCHIVE = "aws_ses_receipt_rule.archive"


def _only_archive_rule(*extra: str) -> list[str]:
    return ["eval", CROSS_REGION, "--rule", "SES-RECV-010", *extra]


def test_without_a_waiver_the_archive_rule_fails_the_run(run_cli) -> None:
    result = run_cli(*_only_archive_rule())
    assert result.code == 1
    assert "FAIL" in result.out and ARCHIVE in result.out


def test_a_valid_waiver_reports_the_finding_as_waived_and_the_run_passes(
    run_cli, workdir: Path
) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", "aws_ses_receipt_rule.arch*")
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 0
    assert "WAIVED" in result.out and ARCHIVE in result.out
    assert (
        "waived: Archive bucket stays in us-east-1 by design "
        "(mail-platform@example.com, expires 2027-03-31)" in result.out
    )
    assert "1 waived" in result.out
    assert result.err == ""


def test_a_waived_finding_stays_in_machine_readable_reports(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV-010", ARCHIVE))
    result = run_cli(*_only_archive_rule("--format", "sarif"))
    assert result.code == 0
    (sarif_result,) = json.loads(result.out)["runs"][0]["results"]
    (suppression,) = sarif_result["suppressions"]
    assert "Archive bucket stays in us-east-1" in suppression["justification"]


def test_a_family_waiver_covers_every_rule_of_the_family(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV", "aws_ses_receipt_rule.*"))
    result = run_cli("eval", CROSS_REGION)
    assert result.code == 0
    assert "4 waived" in result.out
    assert "FAIL " not in result.out


def test_a_waiver_for_one_address_leaves_the_other_failures_failing(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV", ARCHIVE))
    result = run_cli("eval", CROSS_REGION)
    assert result.code == 1
    assert "(1 finding waived)" in result.out
    assert result.out.count("FAIL ") == 3


def test_an_expired_waiver_stops_applying_and_says_so(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", "aws_ses_receipt_rule.archive*", expires="2027-01-14")
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 1
    assert "WAIVED" not in result.out and "FAIL" in result.out
    warning = (
        "sespolicy: warning: waiver for SES-RECV-010 aws_ses_receipt_rule.archive* "
        "expired on 2027-01-14 (.sespolicy.toml, waiver #1)"
    )
    assert warning in result.err
    assert f"{ARCHIVE} counts again" in result.err
    # Printed once: the warning on stderr, not again as a note of the report on stdout.
    assert "expired on 2027-01-14" not in result.out
    assert result.err.count("expired on 2027-01-14") == 1


def test_a_waiver_applies_through_its_expiry_day(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", ARCHIVE, expires=TODAY.isoformat())
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 0
    assert "WAIVED" in result.out and "expired" not in result.err


def test_a_waiver_that_matches_nothing_is_reported(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", "aws_ses_receipt_rule.removed_long_ago")
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 1  # the real finding is not covered
    expected = (
        "waiver for SES-RECV-010 aws_ses_receipt_rule.removed_long_ago "
        "(.sespolicy.toml, waiver #1) matches no failed or unknown finding"
    )
    assert f"sespolicy: warning: {expected}" in result.err
    assert expected not in result.out  # each note once, and stderr has it


def test_a_waiver_whose_problem_was_fixed_is_reported_as_matching_nothing(
    run_cli, workdir: Path
) -> None:
    # In the clean plan every receipt rule passes: the waiver has nothing left to accept.
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV", "*"))
    result = run_cli("eval", plan("recv_clean_two_regions"))
    assert result.code == 0
    assert "waiver for SES-RECV * (.sespolicy.toml, waiver #1) matches no failed" in result.err


def test_a_waiver_naming_no_rule_of_the_catalog_is_reported(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV-999", ARCHIVE))
    result = run_cli(*_only_archive_rule())
    assert result.code == 1
    assert "waiver for SES-RECV-999" in result.err
    assert "names no rule or family in the catalog" in result.err


def test_a_waiver_for_a_rule_left_out_of_the_run_is_not_reported(run_cli, workdir: Path) -> None:
    # --rule chose SES-RECV-010 only: a waiver for SES-SUPP was simply not checked this time.
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-SUPP", "*"))
    result = run_cli(*_only_archive_rule())
    assert result.code == 1
    assert result.err == ""


def test_the_waivers_option_adds_a_second_file(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV-001", "*"))
    extra = workdir / "team-waivers.toml"
    extra.write_text(waiver_toml("SES-RECV-010", ARCHIVE))
    result = run_cli(
        "eval",
        CROSS_REGION,
        "--rule",
        "SES-RECV-001",
        "--rule",
        "SES-RECV-010",
        "--waivers",
        str(extra),
    )
    assert result.code == 0
    assert "2 waived" in result.out


def test_an_explicit_config_replaces_the_one_in_the_current_directory(
    run_cli, workdir: Path
) -> None:
    (workdir / ".sespolicy.toml").write_text(waiver_toml("SES-RECV-010", ARCHIVE))
    other = workdir / "strict.toml"
    other.write_text('[enforcement]\n"SES-SUPP" = "hard"\n')
    result = run_cli(*_only_archive_rule("--config", str(other)))
    assert result.code == 1
    assert "WAIVED" not in result.out


def test_a_waiver_about_to_expire_is_announced(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", ARCHIVE, expires="2027-01-20")
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 0
    assert (
        "sespolicy: warning: waiver for SES-RECV-010 aws_ses_receipt_rule.archive expires on "
        "2027-01-20 (.sespolicy.toml, waiver #1), in 5 day(s)" in result.err
    )


def test_a_waiver_far_from_expiry_is_silent(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(
        waiver_toml("SES-RECV-010", ARCHIVE, expires="2027-01-29")
    )
    result = run_cli(*_only_archive_rule())
    assert result.code == 0 and result.err == ""
