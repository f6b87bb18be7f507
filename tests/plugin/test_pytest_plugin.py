"""`pytest --sespolicy-plan` collects the policy catalog and judges the plan like `eval` does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

# pytester drives nested pytest runs. Declared here, not in tests/plugin/conftest.py: pytest
# refuses `pytest_plugins` in a conftest below the rootdir when the whole suite is collected.
pytest_plugins = ["pytester"]

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
CROSS_REGION_PLAN = PLANS / "recv_cross_region_targets.json"
CLEAN_PLAN = PLANS / "recv_clean_two_regions.json"

# recv_cross_region_targets: the receipt rules whose targets were left in us-east-1
# (tests/e2e/configs/recv_cross_region_targets/expected.json).
CROSS_REGION_FAILURES = {
    "test_SES_RECV_001": "aws_ses_receipt_rule.notify",
    "test_SES_RECV_002": "aws_ses_receipt_rule.encrypted",
    "test_SES_RECV_006": "aws_ses_receipt_rule.reject_noreply",
    "test_SES_RECV_010": "aws_ses_receipt_rule.archive",
}


def _outcomes_by_test(result: pytest.RunResult) -> dict[str, str]:
    """Test name -> PASSED/FAILED/SKIPPED from the -rA summary and the -v lines."""
    outcomes: dict[str, str] = {}
    for line in result.outlines:
        for outcome in ("PASSED", "FAILED", "SKIPPED"):
            if "::test_" in line and outcome in line.split():
                name = line.split("::", 1)[1].split()[0]
                outcomes[name] = outcome
    return outcomes


def test_violating_plan_fails_exactly_the_violated_rules(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--sespolicy-plan", str(CROSS_REGION_PLAN), "-v", "-p", "no:cacheprovider"
    )

    outcomes = _outcomes_by_test(result)
    failed = {name for name, outcome in outcomes.items() if outcome == "FAILED"}
    assert failed == set(CROSS_REGION_FAILURES)
    assert "PASSED" in outcomes.values()
    assert "SKIPPED" in outcomes.values()  # rule families the plan does not touch
    output = result.stdout.str()
    for address in CROSS_REGION_FAILURES.values():
        assert address in output  # the assertion message names each failing resource
    assert "us-east-1" in output
    assert result.parseoutcomes()["failed"] == 4


def test_clean_plan_has_no_failures(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--sespolicy-plan", str(CLEAN_PLAN), "-p", "no:cacheprovider")

    counts = result.parseoutcomes()
    assert "failed" not in counts
    assert counts.get("passed", 0) > 0
    assert result.ret == 0


def test_unselected_rules_are_skipped_as_not_applicable(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--sespolicy-plan", str(CLEAN_PLAN), "-rs", "-k", "SES_SUPP", "-p", "no:cacheprovider"
    )

    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*not applicable*"])


def test_cucumber_json_names_the_scenarios(pytester: pytest.Pytester) -> None:
    report = pytester.path / "cucumber.json"
    pytester.runpytest(
        "--sespolicy-plan",
        str(CROSS_REGION_PLAN),
        f"--cucumberjson={report}",
        "-p",
        "no:cacheprovider",
    )

    features = json.loads(report.read_text())
    scenarios = {
        element["name"]: element for feature in features for element in feature["elements"]
    }
    kms = scenarios["The KMS key of an S3 action is in the receipt rule's Region"]
    statuses = [step["result"]["status"] for step in kms["steps"]]
    assert statuses[-1] == "failed"
    assert any("SES-RECV-002" in tag["name"] for tag in kms["tags"])


def test_user_policy_folder_is_collected_instead_of_the_catalog(pytester: pytest.Pytester) -> None:
    policies = pytester.mkdir("my-policies")
    (policies / "topics.feature").write_text(
        "Feature: Our topics\n"
        "  @SES-TEAM-001 @severity:high\n"
        "  Scenario: SNS action topics stay in the rule's Region\n"
        '    Given resources of type "aws_ses_receipt_rule"\n'
        '    When I follow "sns_action[*].topic_arn" to "aws_sns_topic"\n'
        "    Then every target is in its Region\n"
    )

    result = pytester.runpytest(
        "--sespolicy-plan",
        str(CROSS_REGION_PLAN),
        "--sespolicy-policies",
        str(policies),
        "-p",
        "no:cacheprovider",
    )

    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*aws_ses_receipt_rule.notify*"])


def test_unknown_step_in_user_policy_is_a_usage_error(pytester: pytest.Pytester) -> None:
    policies = pytester.mkdir("typo-policies")
    (policies / "typo.feature").write_text(
        "Feature: Typo\n"
        "  @SES-TEAM-002\n"
        "  Scenario: Misspelt\n"
        '    Given resources of typ "aws_ses_receipt_rule"\n'
    )

    result = pytester.runpytest(
        "--sespolicy-plan", str(CLEAN_PLAN), "--sespolicy-policies", str(policies)
    )

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*typo.feature:4*closest known steps*"])


def test_unreadable_plan_is_a_usage_error(pytester: pytest.Pytester) -> None:
    plan = pytester.path / "broken.json"
    plan.write_text("{not json")

    result = pytester.runpytest("--sespolicy-plan", str(plan))

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*sespolicy:*broken.json*"])


def test_with_a_plan_and_no_paths_only_the_policies_are_collected(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert True\n")

    result = pytester.runpytest("--sespolicy-plan", str(CLEAN_PLAN), "--collect-only", "-q")

    output = result.stdout.str()
    assert "test_own" not in output
    assert "ses-recv.feature::test_SES_RECV_001" in output


def test_with_a_plan_and_paths_the_policies_join_them(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert True\n")

    result = pytester.runpytest(
        "--sespolicy-plan", str(CLEAN_PLAN), "test_own.py", "--collect-only", "-q"
    )

    output = result.stdout.str()
    assert "::test_own" in output
    assert "ses-recv.feature::test_SES_RECV_001" in output


def test_without_a_plan_the_plugin_collects_nothing(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_own="def test_own():\n    assert True\n")

    result = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q")

    assert ".feature" not in result.stdout.str()
    result.stdout.fnmatch_lines(["test_own.py::test_own"])


# --- issue 9: no warnings, custom rule ids, short failures; issue 10: policies are data ------

ACME_POLICY = """@ACME
Feature: ACME house rules
  @ACME-MAIL-1 @severity:high
  Scenario: SNS action topics stay in the rule's Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "sns_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region
"""


def _acme_folder(pytester: pytest.Pytester) -> Path:
    folder = pytester.mkdir("acme-policies")
    (folder / "acme.feature").write_text(ACME_POLICY)
    return folder


def test_a_run_raises_no_warning_of_any_kind(pytester: pytest.Pytester) -> None:
    # -W error turns every warning (PytestRemovedIn10Warning from a session fixture written
    # as a plugin instance method, PytestUnknownMarkWarning from rule-id tags) into an error.
    result = pytester.runpytest(
        "--sespolicy-plan", str(CROSS_REGION_PLAN), "-W", "error", "-p", "no:cacheprovider"
    )

    outcomes = result.parseoutcomes()
    assert outcomes.get("failed") == 4 and "error" not in outcomes and "errors" not in outcomes
    assert "warnings" not in outcomes and "Warning" not in result.stdout.str()


def test_custom_rule_ids_and_feature_tags_are_registered_markers(
    pytester: pytest.Pytester,
) -> None:
    folder = _acme_folder(pytester)
    base = ["--sespolicy-plan", str(CROSS_REGION_PLAN), "--sespolicy-policies", str(folder)]

    strict = pytester.runpytest(*base, "--strict-markers", "-W", "error", "-p", "no:cacheprovider")
    strict.assert_outcomes(failed=1)
    by_feature_tag = pytester.runpytest(*base, "-m", "ACME", "-p", "no:cacheprovider")
    by_feature_tag.assert_outcomes(failed=1)
    by_rule_id = pytester.runpytest(*base, "-m", "not ACME-MAIL-1", "-p", "no:cacheprovider")
    assert by_rule_id.parseoutcomes().get("deselected") == 1


def _synthetic_plan(tmp: Path, resources: int) -> Path:
    from benchmarks.synthetic import make_plan

    path = tmp / "synthetic.json"
    path.write_text(json.dumps(make_plan(resources, seed=1)))
    return path


def test_a_failing_rule_prints_at_most_five_lines(pytester: pytest.Pytester) -> None:
    folder = pytester.mkdir("many")
    (folder / "topics.feature").write_text(
        "Feature: Topics nobody reads\n"
        "  @ACME-TOPIC-1 @severity:low\n"
        "  Scenario: No topic is read by anything\n"
        '    Given resources of type "aws_sns_topic"\n'
        '    Then nothing reads its "arn"\n'
    )
    plan = _synthetic_plan(pytester.path, 400)  # a dozen mail units, a topic each

    result = pytester.runpytest(
        "--sespolicy-plan", str(plan), "--sespolicy-policies", str(folder), "-p", "no:cacheprovider"
    )

    result.assert_outcomes(failed=1)
    lines = result.stdout.lines
    start = next(i for i, line in enumerate(lines) if "_ test_ACME_TOPIC_1 _" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("=" * 10) and i > start)
    body = lines[start:end]
    assert 1 <= len(body) <= 5, "\n".join(body)
    header = re.fullmatch(r"ACME-TOPIC-1 fails for (\d+) resources \(topics\.feature:3\)", body[0])
    assert header is not None, body[0]
    failing = int(header.group(1))
    assert failing > 5  # enough to need shortening
    assert body[-1].strip().startswith(f"… and {failing - 3} more")
    assert "Traceback" not in result.stdout.str() and "fixtures.py" not in result.stdout.str()


def test_not_applicable_skips_point_at_the_scenario(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest(
        "--sespolicy-plan", str(CLEAN_PLAN), "-rs", "-k", "SES_SUPP", "-p", "no:cacheprovider"
    )

    result.stdout.fnmatch_lines(["*ses-supp.feature:8: not applicable*"])
    assert "_pytest" not in result.stdout.str()


def _booby_trapped_folder(pytester: pytest.Pytester) -> tuple[Path, Path]:
    """A policy folder that also holds Python: each file leaves a mark if it is ever run."""
    folder = _acme_folder(pytester)
    marks = pytester.mkdir("marks")
    for name in ("conftest.py", "__init__.py", "test_rogue.py", "helpers.py"):
        (folder / name).write_text(
            f"open({str(marks / name)!r}, 'w').write('imported')\n"
            "def test_rogue():\n    pass\n"
        )
    sub = folder / "test_sub"
    sub.mkdir()
    (sub / "conftest.py").write_text(f"open({str(marks / 'sub_conftest')!r}, 'w').write('x')\n")
    return folder, marks


def test_nothing_in_the_policy_folder_is_imported_or_run(pytester: pytest.Pytester) -> None:
    folder, marks = _booby_trapped_folder(pytester)

    result = pytester.runpytest_subprocess(
        "--sespolicy-plan", str(CROSS_REGION_PLAN), "--sespolicy-policies", str(folder),
        "-p", "no:cacheprovider", "-v",
    )

    assert list(marks.iterdir()) == []
    result.assert_outcomes(failed=1)  # only the policy, never test_rogue
    assert "test_rogue" not in result.stdout.str()


def test_the_policy_folder_typed_as_a_test_path_is_refused_before_its_conftest_loads(
    pytester: pytest.Pytester,
) -> None:
    folder, marks = _booby_trapped_folder(pytester)

    result = pytester.runpytest_subprocess(
        "--sespolicy-plan", str(CROSS_REGION_PLAN), "--sespolicy-policies", str(folder),
        str(folder), "-p", "no:cacheprovider",
    )

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*is the --sespolicy-policies folder*"])
    assert list(marks.iterdir()) == []
