"""The sarif format: valid against the OASIS SARIF 2.1.0 schema, mapped as documented."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from sespolicy.findings import Report, SourceLocation
from sespolicy.reporters import ReportOptions, get_reporter

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    # The schema file itself says which draft it is written in; trust that, not a guess.
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def render(report: Report, options: ReportOptions) -> dict:
    return json.loads(get_reporter("sarif").render(report, options))


def results_by_address(log: dict) -> dict[tuple[str, str], dict]:
    return {
        (result["ruleId"], result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]):
        result
        for result in log["runs"][0]["results"]
    }


@pytest.mark.parametrize("show_passed", [False, True])
@pytest.mark.parametrize("report_name", ["mixed_report", "hostile_text_report", "empty_report"])
def test_output_is_valid_sarif(
    report_name: str,
    show_passed: bool,
    request: pytest.FixtureRequest,
    sarif_validator: jsonschema.Draft4Validator,
) -> None:
    report = request.getfixturevalue(report_name)
    log = render(report, ReportOptions(tool_version="9.8.7", show_passed=show_passed))
    errors = [error.message for error in sarif_validator.iter_errors(log)]
    assert errors == []


def test_schema_catches_a_broken_log(sarif_validator: jsonschema.Draft4Validator) -> None:
    # The validation above is only worth something if the schema can say no.
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": "none"}]}
    assert list(sarif_validator.iter_errors(broken))


def test_driver_describes_tool_and_every_rule(
    mixed_report: Report, options: ReportOptions
) -> None:
    driver = render(mixed_report, options)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "sespolicy"
    assert driver["version"] == "9.8.7"
    assert driver["informationUri"].startswith("https://")
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {rule.rule_id for rule in mixed_report.rules}
    receipt = rules["SES-RECV-001"]
    assert receipt["name"] == "Receipt rule actions target resources in the rule's Region"
    assert receipt["shortDescription"]["text"] == receipt["name"]
    assert receipt["fullDescription"]["text"].startswith("When receiving email")
    assert receipt["help"]["text"].startswith("When receiving email")
    assert "Then each target is in the same Region" in receipt["help"]["markdown"]
    assert receipt["properties"]["tags"][:2] == ["SES-RECV", "high"]


@pytest.mark.parametrize(
    ("rule_id", "level"),
    [("SES-RECV-001", "error"), ("SES-NOTIF-001", "warning"), ("SES-RECV-003", "warning")],
)
def test_default_level_follows_severity(
    rule_id: str, level: str, mixed_report: Report, options: ReportOptions
) -> None:
    driver = render(mixed_report, options)["runs"][0]["tool"]["driver"]
    rule = next(rule for rule in driver["rules"] if rule["id"] == rule_id)
    assert rule["defaultConfiguration"]["level"] == level


def test_rule_index_points_at_the_rule(mixed_report: Report, options: ReportOptions) -> None:
    run = render(mixed_report, options)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_failure_has_physical_and_logical_locations_and_related(
    mixed_report: Report, options: ReportOptions
) -> None:
    result = results_by_address(render(mixed_report, options))[
        ("SES-RECV-001", "aws_ses_receipt_rule.store")
    ]
    assert result["level"] == "error"
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "infra/receiving.tf"
    assert location["physicalLocation"]["region"] == {"startLine": 12, "endLine": 30}
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "aws_ses_receipt_rule.store", "kind": "resource"}
    ]
    assert result["properties"]["region"] == "us-east-1"
    assert result["properties"]["region_source"] == 'provider aws.east (region = "us-east-1")'
    related = result["relatedLocations"][0]
    assert related["logicalLocations"][0]["fullyQualifiedName"] == "aws_sns_topic.inbound"
    assert "eu-west-1" in related["message"]["text"]
    assert "SNS action targets aws_sns_topic.inbound" in result["message"]["text"]
    assert "suppressions" not in result


def test_unknown_is_a_warning_marked_unknown_without_physical_location(
    mixed_report: Report, options: ReportOptions
) -> None:
    results = render(mixed_report, options)["runs"][0]["results"]
    unknown = next(r for r in results if r["ruleId"] == "SES-NOTIF-001")
    assert unknown["level"] == "warning"
    assert unknown["properties"]["status"] == "unknown"
    assert "physicalLocation" not in unknown["locations"][0]
    assert unknown["locations"][0]["logicalLocations"][0]["kind"] == "resource"


def test_strict_raises_unknown_to_the_rule_level(mixed_report: Report) -> None:
    log = render(mixed_report, ReportOptions(tool_version="1", strict=True))
    unknown = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "SES-NOTIF-001")
    assert unknown["level"] == "warning"  # medium rule: its own level is warning too
    assert unknown["properties"]["status"] == "unknown"


def test_waived_failure_is_an_external_suppression_with_the_reason(
    mixed_report: Report, options: ReportOptions
) -> None:
    results = render(mixed_report, options)["runs"][0]["results"]
    waived = next(r for r in results if r["ruleId"] == "SES-DKIM-001")
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "DKIM for the replica is managed by the DNS team (CHG-4211)",
        }
    ]


def test_passes_only_with_show_passed_and_as_kind_pass(
    mixed_report: Report, options: ReportOptions, options_show_passed: ReportOptions
) -> None:
    assert all(r["properties"]["status"] != "pass" for r in render(mixed_report, options)[
        "runs"][0]["results"])
    passes = [
        r for r in render(mixed_report, options_show_passed)["runs"][0]["results"]
        if r["properties"]["status"] == "pass"
    ]
    assert len(passes) == 2
    assert {(r["kind"], r["level"]) for r in passes} == {("pass", "none")}


def test_not_applicable_rule_has_no_result(mixed_report: Report, options_show_passed) -> None:
    results = render(mixed_report, options_show_passed)["runs"][0]["results"]
    assert "SES-SMTP-001" not in {r["ruleId"] for r in results}


# RFC 3986 path characters plus percent-escapes; a colon may not appear in a relative path.
RELATIVE_URI_PATH = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+$")


def test_odd_file_names_are_percent_encoded_relative_references(
    hostile_text_report: Report, options: ReportOptions
) -> None:
    result = render(hostile_text_report, options)["runs"][0]["results"][0]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert RELATIVE_URI_PATH.match(artifact["uri"])
    assert unquote(artifact["uri"]) == "dir, with: odd%chars/main.tf"
    assert artifact["uriBaseId"] == "%SRCROOT%"


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("/srv/tf/main.tf", "file:///srv/tf/main.tf"),
        ("C:\\tf\\main.tf", "file:///C:/tf/main.tf"),
    ],
)
def test_absolute_paths_become_file_uris(path: str, uri: str, mixed_report: Report) -> None:
    failure = next(f for f in mixed_report.findings if f.source is not None)
    moved = replace(failure, source=SourceLocation(file=path, line=3))
    report = Report(findings=(moved,), rules=mixed_report.rules)
    log = render(report, ReportOptions(tool_version="1"))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": uri}


def test_fingerprint_is_stable_per_rule_and_resource(
    mixed_report: Report, options: ReportOptions
) -> None:
    first = results_by_address(render(mixed_report, options))
    again = results_by_address(render(mixed_report, options))
    prints = {key: r["partialFingerprints"] for key, r in first.items()}
    assert prints == {key: r["partialFingerprints"] for key, r in again.items()}
    assert len({json.dumps(p) for p in prints.values()}) == len(prints)
