"""`matches "…"` patterns from policies: refused when RE2 cannot run them, never a hang.

A policy folder is input like a plan: an invalid pattern must be one clear line (exit 2), and a
pattern that backtracks catastrophically in Python's `re` (`^(a+)+$` against "aaa…!") must
still finish, because matching runs on RE2, linear in the value.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fuzz_runner import run_cli

from sespolicy.errors import InputError
from sespolicy.policy.patterns import compile_pattern

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
# Python's re needs about 2**40 steps to reject this value for ^(a+)+$: hours, not seconds.
CATASTROPHIC_VALUE = "a" * 40 + "!"
HANG_BOUND_SECONDS = 10


def _finishes(function, *args) -> tuple[bool, object]:
    """Run `function(*args)` in a thread; (finished within the bound, its result)."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    worker.start()
    worker.join(HANG_BOUND_SECONDS)
    return (not worker.is_alive(), result[0] if result else None)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(unclosed", "missing )"),
        (r"(a)\1", "invalid escape sequence"),  # a backreference needs backtracking
        ("(?=a)b", "invalid perl operator"),  # so does look-ahead
        ("a{1000}{1000}", "bad repetition operator"),
    ],
)
def test_a_pattern_re2_cannot_run_is_an_input_error_naming_where(pattern, reason) -> None:
    with pytest.raises(InputError) as raised:
        compile_pattern(pattern, "mine.feature:7")
    message = str(raised.value)
    assert message.startswith("mine.feature:7: ")
    assert reason in message
    assert "\n" not in message


def test_a_pattern_with_a_newline_is_shown_escaped_in_the_error() -> None:
    with pytest.raises(InputError) as raised:
        compile_pattern("(\n::error::x", "p.feature:3")
    assert "\n" not in str(raised.value)
    assert "\\n::error::x" in str(raised.value)


def test_a_catastrophic_pattern_finishes_on_a_long_value() -> None:
    pattern = compile_pattern("^(a+)+$", "p.feature:1")
    finished, matched = _finishes(pattern.search, CATASTROPHIC_VALUE * 1000)
    assert finished, "matching ^(a+)+$ did not finish: the engine backtracks"
    assert matched is False
    assert pattern.search("a" * 1000) is True


def test_search_finds_a_match_anywhere_like_re_search() -> None:
    pattern = compile_pattern(r"mail-\d+", "p.feature:1")
    assert pattern.search("prefix mail-42 suffix")
    assert not pattern.search("mail-x")


def test_a_value_with_a_lone_surrogate_is_matched_not_a_crash() -> None:
    pattern = compile_pattern("bad.value", "p.feature:1")
    assert pattern.search("bad\udc80value") is True
    assert pattern.search("\ud800") is False


def _policy(folder: Path, pattern: str) -> Path:
    (folder / "names.feature").write_text(
        "Feature: names\n"
        "  @ACME-NAME-001 @severity:high\n"
        "  Scenario: topics whose name matches are in their Region\n"
        '    Given resources of type "aws_sns_topic"\n'
        f'    When its "name" matches "{pattern}"\n'
        '    Then its Region offers "SES sending"\n',
        encoding="utf-8",
    )
    return folder


def _plan_with_topic_names(folder: Path, name: str) -> Path:
    plan = json.loads((PLANS / "recv_cross_region_targets.json").read_text(encoding="utf-8"))
    for change in plan["resource_changes"]:
        if change["type"] == "aws_sns_topic":
            change["change"]["after"]["name"] = name
    path = folder / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return path


def test_eval_refuses_an_invalid_pattern_in_a_policy_with_one_line(tmp_path) -> None:
    (tmp_path / "policies").mkdir()
    policies = _policy(tmp_path / "policies", "(unclosed")
    plan = _plan_with_topic_names(tmp_path, "ops")
    result = run_cli(["eval", str(plan), "--policies", str(policies), "--replace-policies"])
    assert result.exit_code == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "is not a regular expression sespolicy can use" in result.stderr


def test_eval_with_a_catastrophic_pattern_and_a_long_plan_value_finishes(tmp_path) -> None:
    (tmp_path / "policies").mkdir()
    policies = _policy(tmp_path / "policies", "^(a+)+$")
    plan = _plan_with_topic_names(tmp_path, CATASTROPHIC_VALUE)
    argv = ["eval", str(plan), "--policies", str(policies), "--replace-policies"]
    argv += ["--format", "json"]
    finished, result = _finishes(run_cli, argv)
    assert finished, "eval did not finish: the pattern backtracks"
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    # No topic name matches, so the rule selects nothing: not applicable, not an error.
    assert [f for f in report["findings"] if f["rule_id"] == "ACME-NAME-001"] == []
