"""sespolicy.evaluate / sespolicy.load_graph: the CLI's evaluation, callable from Python."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import sespolicy
import sespolicy.api
from sespolicy.cli import main
from sespolicy.errors import InputError
from sespolicy.findings import Finding, Report, Status
from sespolicy.gate import decision as gate
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LAMBDA_IN_OTHER_REGION = FIXTURES / "plans" / "recv_lambda_other_region.json"
NO_PROVIDER_REGION = FIXTURES / "plans" / "region_no_provider_region.json"
INCOMPLETE_PLAN = FIXTURES / "load" / "plan_complete_false.json"

ONE_RULE_POLICY = """\
Feature: One house rule about SNS topics

  @ACME-SNS-1 @severity:low
  Scenario: Every receipt rule's SNS topics are in its Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "lambda_action[*].function_arn" to "aws_lambda_function"
    Then every target is in its Region
"""


def _verdicts(report: Report) -> set[tuple[str, str, str]]:
    return {(f.rule_id, f.status.value, f.address) for f in report.findings}


@pytest.fixture(autouse=True)
def no_region_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)


@pytest.fixture
def house_policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "house-policies"
    folder.mkdir()
    (folder / "acme.feature").write_text(ONE_RULE_POLICY, encoding="utf-8")
    return folder


def test_the_docstring_example_runs() -> None:
    result = doctest.testmod(sespolicy.api, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3
    assert result.failed == 0


def test_a_path_gives_the_same_findings_as_the_engine() -> None:
    document = load_document_bytes(LAMBDA_IN_OTHER_REGION.read_bytes(), "x")
    expected = evaluate_graphs(graph_documents([document]), load_catalog(), load_availability())
    report = sespolicy.evaluate(str(LAMBDA_IN_OTHER_REGION))
    assert isinstance(report, Report)
    assert _verdicts(report) == _verdicts(expected)
    assert ("SES-RECV-004", "fail", "aws_ses_receipt_rule.forward") in _verdicts(report)
    assert report.summary.failed >= 1


def test_path_bytes_and_dict_are_judged_alike() -> None:
    raw = LAMBDA_IN_OTHER_REGION.read_bytes()
    by_path = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION)
    by_bytes = sespolicy.evaluate(raw)
    by_dict = sespolicy.evaluate(json.loads(raw))
    assert _verdicts(by_path) == _verdicts(by_bytes) == _verdicts(by_dict)
    assert [plan.source for plan in (*by_path.plans, *by_bytes.plans, *by_dict.plans)] == [
        str(LAMBDA_IN_OTHER_REGION),
        "<bytes>",
        "<dict>",
    ]


def test_rules_and_skip_rules_select_like_the_cli_options() -> None:
    only_recv = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, rules=["SES-RECV"])
    assert {rule.family for rule in only_recv.rules} == {"SES-RECV"}
    one_rule = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, rules="SES-RECV-004")
    assert [rule.rule_id for rule in one_rule.rules] == ["SES-RECV-004"]
    skipped = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, skip_rules=("SES-RECV-004",))
    assert "SES-RECV-004" not in {rule.rule_id for rule in skipped.rules}
    assert len(skipped.rules) == len(sespolicy.evaluate(LAMBDA_IN_OTHER_REGION).rules) - 1


def test_tags_select_by_severity() -> None:
    report = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, tags="@severity:critical")
    assert report.rules
    assert {rule.severity.value for rule in report.rules} == {"critical"}


def test_region_is_used_where_the_provider_sets_none() -> None:
    without = sespolicy.evaluate(NO_PROVIDER_REGION)
    assert {f.status for f in without.findings} == {Status.UNKNOWN}
    with_region = sespolicy.evaluate(NO_PROVIDER_REGION, region="eu-west-1")
    assert {f.region for f in with_region.findings} == {"eu-west-1"}
    assert Status.UNKNOWN not in {f.status for f in with_region.findings}


def test_policies_add_to_or_replace_the_catalog(house_policy_dir: Path) -> None:
    added = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, policies=[house_policy_dir])
    rule_ids = {rule.rule_id for rule in added.rules}
    assert {"ACME-SNS-1", "SES-RECV-004"} <= rule_ids
    replaced = sespolicy.evaluate(
        LAMBDA_IN_OTHER_REGION, policies=[house_policy_dir], replace_policies=True
    )
    assert {rule.rule_id for rule in replaced.rules} == {"ACME-SNS-1"}
    assert ("ACME-SNS-1", "fail", "aws_ses_receipt_rule.forward") in _verdicts(replaced)


def test_ses_regions_replaces_the_table(tmp_path: Path) -> None:
    table = tmp_path / "regions.json"
    table.write_text(json.dumps({"sending": ["eu-west-1"], "receiving_confirmed": []}))
    report = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, ses_regions=table, rules=["SES-REGION-001"])
    assert report.findings
    assert {f.status for f in report.findings} == {Status.FAIL}
    assert sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, rules=["SES-REGION-001"]).summary.failed == 0


def test_loader_warnings_become_report_notes_and_nothing_is_printed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = sespolicy.evaluate(INCOMPLETE_PLAN)
    assert report.notes
    assert all(note.startswith(f"{INCOMPLETE_PLAN}: ") for note in report.notes)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (b"", "no input|is empty"),
        (b"not json", "<bytes>"),
        ({"resource_changes": "not a list"}, "<dict>"),
        ({"planned_values": {1, 2}}, "not plain JSON data"),
        ("no/such/plan.json", "no/such/plan.json"),
    ],
)
def test_bad_plans_raise_one_line_input_errors(plan: object, message: str) -> None:
    with pytest.raises(InputError, match=message) as raised:
        sespolicy.evaluate(plan)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value)


def test_a_plan_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not int"):
        sespolicy.evaluate(42)  # type: ignore[arg-type]


def test_load_graph_places_each_resource_in_its_region() -> None:
    graph = sespolicy.load_graph(LAMBDA_IN_OTHER_REGION)
    assert graph.region("aws_ses_receipt_rule.forward").region == "us-east-1"
    assert graph.region("aws_lambda_function.forwarder").region == "us-west-2"


def test_import_sespolicy_loads_no_evaluation_code() -> None:
    code = (
        "import sys, sespolicy; "
        "print(sorted(m for m in sys.modules if m.startswith(('sespolicy.', 'networkx', "
        "'pytest_bdd', 'jsonschema'))))"
    )
    environment = {**os.environ, "PYTHONPATH": str(Path(sespolicy.__file__).parents[1])}
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment
    ).stdout.strip()
    assert loaded == "[]"


def test_the_api_names_are_exported_and_resolve() -> None:
    assert set(sespolicy.__all__) == {"__version__", *sespolicy._LAZY_EXPORTS}
    for name in sespolicy._LAZY_EXPORTS:
        assert getattr(sespolicy, name) is not None
    assert sespolicy.Report is Report
    with pytest.raises(AttributeError, match="no attribute 'evaluat'"):
        _ = sespolicy.evaluat  # type: ignore[attr-defined]


def _forwarder_finding(report: Report) -> Finding:
    return next(
        f
        for f in report.findings
        if (f.rule_id, f.address) == ("SES-RECV-004", "aws_ses_receipt_rule.forward")
    )


def _waiver_file(folder: Path, expires: str) -> Path:
    path = folder / f"waivers-{expires}.toml"
    path.write_text(
        "[[waiver]]\n"
        'rule = "SES-RECV-004"\n'
        'address = "aws_ses_receipt_rule.forward"\n'
        'reason = "Forwarder moves to us-east-1 next sprint"\n'
        'owner = "mail-platform@example.com"\n'
        f"expires = {expires}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    today = date(2027, 1, 15)
    monkeypatch.setattr(gate, "current_date", lambda: today)
    return today


def test_a_waiver_marks_the_finding_waived_and_keeps_it(tmp_path: Path, fixed_today: date) -> None:
    report = sespolicy.evaluate(
        LAMBDA_IN_OTHER_REGION, waivers=[_waiver_file(tmp_path, "2027-03-31")]
    )
    finding = _forwarder_finding(report)
    assert finding.status is Status.FAIL
    assert finding.waived_by is not None
    assert "Forwarder moves to us-east-1 next sprint" in finding.waived_by


def test_an_expired_waiver_stops_applying_and_says_so(tmp_path: Path, fixed_today: date) -> None:
    report = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, config=_waiver_file(tmp_path, "2026-12-31"))
    finding = _forwarder_finding(report)
    assert finding.waived_by is None
    assert any("expired" in note for note in report.notes)


def test_the_current_directory_config_is_not_read_implicitly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_today: date
) -> None:
    waiver = _waiver_file(tmp_path, "2027-03-31")
    waiver.rename(tmp_path / ".sespolicy.toml")
    monkeypatch.chdir(tmp_path)
    report = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION)
    assert all(f.waived_by is None for f in report.findings)


def test_a_missing_waiver_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such config or waiver file"):
        sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, waivers=[tmp_path / "absent.toml"])


def test_findings_recorded_in_a_baseline_no_longer_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    recorded = tmp_path / "baseline.json"
    assert main(["baseline", str(LAMBDA_IN_OTHER_REGION), "--out", str(recorded)]) == 0
    before = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION)
    after = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION, baseline=recorded)
    failed_before = [f for f in before.findings if f.status is Status.FAIL]
    assert failed_before
    assert all(f.waived_by is None for f in failed_before)
    assert all(f.waived_by for f in after.findings if f.status is Status.FAIL)
    assert after.summary.failed == 0 < before.summary.failed


def test_a_report_from_the_api_renders_in_any_report_format() -> None:
    from sespolicy.reporters import ReportOptions, get_reporter

    report = sespolicy.evaluate(LAMBDA_IN_OTHER_REGION)
    options = ReportOptions(tool_version=sespolicy.__version__)
    sarif = json.loads(get_reporter("sarif").render(report, options))
    rule_ids = {result["ruleId"] for result in sarif["runs"][0]["results"]}
    assert "SES-RECV-004" in rule_ids
