"""Issue 9, case 1: a rule id, family or tag the catalog lacks is an error, never a green run."""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_helpers import one_error_line, plan

import sespolicy
from sespolicy.errors import InputError
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.selection import Selection, parse_tag_expression, tag_expression_matches

CROSS_REGION = plan("recv_cross_region_targets")

ACME_POLICY = """@ACME
Feature: ACME — receiving stays next to its topics
  Background:
    Given resources of type "aws_ses_receipt_rule"

  @ACME-RECV-1 @severity:high
  Scenario Outline: The <action> topic is in the receipt rule's Region
    When I follow "<action>[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

    Examples:
      | action        |
      | sns_action    |
      | bounce_action |

  @ACME-LOOSE-2
  Scenario: A rule without a severity tag is medium
    Then every target is in its Region
"""


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "acme.feature").write_text(ACME_POLICY, encoding="utf-8")
    return folder


# --- the tag expression parser -------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("@a", True),
        ("a", True),
        ("@A", True),  # tags match case-insensitively
        ("@a and not @b", False),
        ("@c or @a and @b", True),  # and binds tighter than or
        ("(@c or @a) and not @b", False),
        ("not not @a", True),
        ("not (@c or @d)", True),
        ("@c or (@a and (@b or @d))", True),
    ],
)
def test_tag_expressions_follow_boolean_precedence(expression: str, expected: bool) -> None:
    assert tag_expression_matches(expression, {"a", "b"}) is expected


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("@a (@b)", "expected `and` or `or` before '('"),
        ("@a @b", "expected `and` or `or` before '@b'"),
        ("(@a", "a `(` is never closed"),
        ("@a)", "a `)` closes nothing"),
        ("@a and", "it ends where a tag was expected"),
        ("and @a", "expected a tag, found 'and'"),
        ("", "it is empty"),
        ("@", "`@` needs a tag name after it"),
        ("not", "it ends where a tag was expected"),
    ],
)
def test_a_malformed_tag_expression_is_one_clear_input_error(
    expression: str, problem: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_tag_expression(expression)
    message = str(raised.value)
    assert problem in message and "\n" not in message
    assert "'@severity:high and not @SES-SUPP'" in message


def test_a_tag_expression_is_parsed_never_evaluated_as_python() -> None:
    # The old evaluator built Python source from the tokens: `@a (@b)` became `True (True)`,
    # a TypeError. Now every word is a tag name and the grammar is the parser's.
    with pytest.raises(InputError):
        parse_tag_expression("__import__('os').system('false')")
    assert tag_expression_matches("True", {"a"}) is False  # a tag named True, not a constant


# --- names checked against the catalog ---------------------------------------------------------


def _choose(**selection: object) -> list[str]:
    return [rule.info.rule_id for rule in Selection(**selection).choose(load_catalog())]


def test_ids_and_families_match_case_insensitively() -> None:
    assert _choose(only=("ses-recv-001",)) == ["SES-RECV-001"]
    assert set(_choose(only=("ses-auth",))) == {"SES-AUTH-001", "SES-AUTH-002", "SES-AUTH-003"}
    assert "SES-RECV-001" not in _choose(skip=("Ses-Recv-001",))


def test_comma_separated_ids_count_as_several() -> None:
    assert _choose(only=("SES-RECV-001,SES-AUTH-002",)) == ["SES-AUTH-002", "SES-RECV-001"]


@pytest.mark.parametrize(
    ("selection", "named", "closest"),
    [
        ({"only": ("SES-RECV-999",)}, "--rule SES-RECV-999", "SES-RECV-009"),
        ({"skip": ("SES-FOO",)}, "--skip-rule SES-FOO", "closest: "),
        ({"only": ("SES-RECV-001", "SES-RCV")}, "--rule SES-RCV", "SES-RECV"),
        ({"tags": "@severity:hgh"}, "--tags @severity:hgh", "@severity:high"),
        ({"tags": "@severity:high and not @SES-SUP"}, "--tags @SES-SUP", "@SES-SUPP"),
    ],
)
def test_a_name_the_catalog_lacks_is_refused_naming_the_closest(
    selection: dict, named: str, closest: str
) -> None:
    with pytest.raises(InputError) as raised:
        Selection(**selection).choose(load_catalog())
    message = str(raised.value)
    assert message.startswith(named) and closest in message and "\n" not in message


def test_a_selection_that_leaves_no_rule_is_refused() -> None:
    with pytest.raises(InputError, match="select none of the"):
        Selection(only=("SES-RECV-001",), skip=("SES-RECV",)).choose(load_catalog())
    with pytest.raises(InputError, match="select none of the"):
        Selection(tags="@severity:critical and @severity:info").choose(load_catalog())


def test_a_feature_tag_selects_that_features_rules(acme: Path) -> None:
    catalog = load_catalog([str(acme)])
    chosen = {rule.info.rule_id for rule in Selection(tags="@ACME").choose(catalog)}
    assert chosen == {"ACME-RECV-1", "ACME-LOOSE-2"}
    family = {rule.info.rule_id for rule in Selection(only=("acme-recv",)).choose(catalog)}
    assert family == {"ACME-RECV-1"}


def test_a_rule_without_a_severity_tag_matches_its_default_severity(acme: Path) -> None:
    catalog = load_catalog([str(acme)], replace=True)
    chosen = [rule.info.rule_id for rule in Selection(tags="@severity:medium").choose(catalog)]
    assert chosen == ["ACME-LOOSE-2"]


# --- the gate, as a user meets it --------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        ["--rule", "SES-RECV-999"],
        ["--skip-rule", "SES-FOO"],
        ["--tags", "@severity:hgh"],
        ["--tags", "@a (@b)"],
        ["--rule", "SES-RECV-001", "--skip-rule", "SES-RECV-001"],
    ],
)
def test_eval_refuses_a_selection_typo_with_exit_2_and_prints_no_report(
    run, options: list[str]
) -> None:
    result = run("eval", CROSS_REGION, *options)
    assert result.code == 2
    one_error_line(result)
    assert result.out == ""


def test_eval_with_a_lower_case_id_judges_that_rule(run) -> None:
    result = run("eval", CROSS_REGION, "--rule", "ses-recv-001", "--format", "json")
    assert result.code == 1  # SES-RECV-001 fails on this plan
    assert '"rule_id": "SES-RECV-001"' in result.out


def test_baseline_refuses_a_selection_typo_before_writing(run, workdir: Path) -> None:
    result = run("baseline", CROSS_REGION, "--rule", "SES-RECV-999", "--out", "b.json")
    assert result.code == 2
    one_error_line(result)
    assert not (workdir / "b.json").exists()


def test_the_api_raises_input_error_for_unknown_rules() -> None:
    with pytest.raises(InputError, match="closest"):
        sespolicy.evaluate(CROSS_REGION, rules=["SES-RECV-999"])
    with pytest.raises(InputError):
        sespolicy.evaluate(CROSS_REGION, skip_rules="SES-FOO")
    with pytest.raises(InputError):
        sespolicy.evaluate(CROSS_REGION, tags="@severity:hgh")
    report = sespolicy.evaluate(CROSS_REGION, rules="ses-recv-001")
    assert {rule.rule_id for rule in report.rules} == {"SES-RECV-001"}
