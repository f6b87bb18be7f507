"""Verdict engine v2: Regions from the strongest evidence, unknown at any depth, one instance per
keyed reference, and policies whose mistakes are load errors naming file and line.

The plans are those of tests/e2e/configs, written by real Terraform (see tests/fixtures/README).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sespolicy.findings import Status
from sespolicy.world.regions import RegionKind

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "tests" / "fixtures" / "plans"
CONFIGS = REPO / "tests" / "e2e" / "configs"


def sespolicy(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    env.update(environment, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "sespolicy", *arguments],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def findings(*arguments: str, **environment: str) -> list[dict]:
    result = sespolicy("eval", "--format", "json", "--show-passed", *arguments, **environment)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def graph_of(plan: str, source_dir: str | None = None):
    from sespolicy.world.load import load_documents
    from sespolicy.world.pipeline import graph_documents

    return graph_documents(load_documents([str(PLANS / f"{plan}.json")]), None, [source_dir])[
        0
    ].graph


# -- Regions from the resource's own evidence -----------------------------------------------


def test_v6_region_attribute_decides_where_the_provider_region_is_a_local() -> None:
    answer = graph_of("region_provider_local_v6").region("aws_ses_receipt_rule.inbound")
    assert (answer.region, answer.kind) == ("eu-west-1", RegionKind.ATTRIBUTE)
    assert "local.region" in answer.detail  # why the provider itself could not be read


def test_an_existing_resources_arn_decides_where_the_provider_cannot_be_read() -> None:
    graph = graph_of("region_existing_arn_v5")
    identity = graph.region("aws_ses_domain_identity.main")
    assert (identity.region, identity.kind) == ("ap-east-1", RegionKind.ARN)
    dkim = graph.region("aws_ses_domain_dkim.main")
    assert dkim.kind is RegionKind.UNKNOWN and "local.settings.region" in dkim.detail
    assert "--source-dir" in dkim.hint


def test_the_environment_never_decides_for_a_provider_that_sets_a_region() -> None:
    unknown = [
        f
        for f in findings(str(PLANS / "region_existing_arn_v5.json"), AWS_REGION="eu-west-1")
        if f["address"] == "aws_ses_domain_dkim.main"
    ]
    assert unknown and all(f["status"] == "unknown" for f in unknown)
    assert all(f["region"] is None for f in unknown)


# -- provider Regions from the .tf files ----------------------------------------------------


def test_a_provider_region_from_locals_is_unknown_without_the_configuration() -> None:
    plan = str(PLANS / "region_source_dir_locals_v5.json")
    (finding,) = [f for f in findings(plan) if f["rule_id"] == "SES-RECV-001"]
    assert finding["status"] == "unknown"
    assert "--source-dir" in finding["remediation"]


def test_with_the_configuration_the_provider_region_is_evaluated_and_said_how() -> None:
    config = str(CONFIGS / "region_source_dir_locals_v5")
    answer = graph_of("region_source_dir_locals_v5", config).region("aws_ses_receipt_rule.inbound")
    assert (answer.region, answer.kind) == ("eu-west-1", RegionKind.PROVIDER)
    assert answer.source.startswith("provider: aws region = local.regions[var.env] → eu-west-1")
    assert "(main.tf:" in answer.source
    plan = str(PLANS / "region_source_dir_locals_v5.json")
    (finding,) = [
        f for f in findings(plan, "--source-dir", config) if f["rule_id"] == "SES-RECV-001"
    ]
    assert finding["status"] == "fail" and finding["region"] == "eu-west-1"


# -- unknown at any depth -------------------------------------------------------------------


def test_an_element_unknown_inside_a_list_makes_the_verdict_unknown_not_a_failure() -> None:
    plan = json.loads((PLANS / "mailfrom_deferred_records.json").read_text())
    (change,) = [
        c for c in plan["resource_changes"] if c["address"] == "aws_route53_record.mail_from_mx"
    ]
    assert change["change"]["after"]["records"] == [None]  # what a careless reader takes as known
    verdicts = {
        f["rule_id"]: f
        for f in findings(str(PLANS / "mailfrom_deferred_records.json"))
        if f["address"] == "aws_route53_record.mail_from_mx"
    }
    assert verdicts["SES-MAILFROM-001"]["status"] == "unknown"
    assert "records" in verdicts["SES-MAILFROM-001"]["message"]
    assert all(f["status"] != "fail" for f in verdicts.values())


# -- references to one instance --------------------------------------------------------------


def test_a_keyed_reference_links_that_instance_only() -> None:
    graph = graph_of("notif_instance_keyed_topics")
    targets = {
        e.target
        for e in graph.edges_from("aws_ses_identity_notification_topic.bounce_us")
        if e.attribute == "topic_arn"
    }
    assert targets == {'aws_sns_topic.feedback["us-east-1"]'}


def test_related_lists_the_keyed_instance_once() -> None:
    (finding,) = [
        f
        for f in findings(str(PLANS / "notif_instance_keyed_topics.json"))
        if f["rule_id"] == "SES-NOTIF-002" and f["status"] == "fail"
    ]
    assert finding["address"] == "aws_ses_identity_notification_topic.bounce_eu"
    assert [r["address"] for r in finding["related"]] == ['aws_sns_topic.feedback["us-east-1"]']


def test_related_resources_are_each_listed_once() -> None:
    for finding in findings(str(PLANS / "dkim_clean.json")):
        addresses = [r["address"] for r in finding["related"]]
        assert len(addresses) == len(set(addresses)), finding


# -- one active rule set per Region -----------------------------------------------------------


def test_two_active_sets_without_receipt_rules_fail_on_the_active_sets() -> None:
    failed = {
        (f["rule_id"], f["address"]): f
        for f in findings(str(PLANS / "recv_two_active_sets_no_rules.json"))
        if f["status"] == "fail"
    }
    assert set(failed) == {
        ("SES-RECV-013", "aws_ses_active_receipt_rule_set.billing"),
        ("SES-RECV-013", "aws_ses_active_receipt_rule_set.support"),
    }
    billing = failed[("SES-RECV-013", "aws_ses_active_receipt_rule_set.billing")]
    assert [r["address"] for r in billing["related"]] == ["aws_ses_active_receipt_rule_set.support"]


# -- policies whose mistakes are load errors ------------------------------------------------

_HEADER = "Feature: mine\n  @ACME-X-001 @severity:high\n  Scenario: a rule\n"


def _policy_run(tmp_path: Path, steps: str) -> subprocess.CompletedProcess[str]:
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "mine.feature").write_text(_HEADER + steps)
    return sespolicy(
        "eval",
        str(PLANS / "recv_cross_region_targets.json"),
        "--policies",
        str(folder),
        "--replace-policies",
    )


@pytest.mark.parametrize(
    ("steps", "line", "expected"),
    [
        pytest.param(
            '    Given resources of type "aws_route53_record"\n'
            '    Then every Region it points at offers "SES receiving"\n',
            5,
            "needs the Regions it points at",
            id="a verdict on what an earlier step should have found",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            "    Then every target is in its Region\n",
            5,
            "needs targets",
            id="targets nobody looked for",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    Then its Region offers "SES email"\n',
            5,
            "'SES sending', 'SES receiving', 'WorkMail'",
            id="a parameter the step does not accept",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    Then its Region offers "SES sending"\n'
            '    When its "enabled" is "true"\n',
            6,
            "only Then steps that judge",
            id="narrowing after the verdict",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    When its "enabled" is "true"\n',
            3,
            "gives no verdict",
            id="no verdict at all",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    Then its Region offers "SES sending"\n'
            '    And a failure reads "{address} is off by {distance}"\n',
            6,
            "{distance}",
            id="a message field the verdict does not fill",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    And a failure reads "{address} fails"\n',
            5,
            "is a Then step",
            id="words before any verdict",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    Then a failure reads "{address} fails"\n',
            5,
            "needs a verdict",
            id="words with no verdict to describe",
        ),
        pytest.param(
            '    Given resources of typ "aws_ses_receipt_rule"\n'
            '    Then its Region offers "SES sending"\n',
            4,
            'resources of type "{types}"',
            id="a misspelled step",
        ),
        pytest.param(
            '    Given resources of type "aws_ses_receipt_rule"\n'
            '    When I collect the "aws_ses_receipt_rule_set" with the same rulesett\n'
            "    Then it has a target\n",
            5,
            "did you mean 'rule set'",
            id="a key that does not exist",
        ),
    ],
)
def test_a_policy_mistake_is_an_exit_2_load_error_naming_file_and_line(
    tmp_path: Path, steps: str, line: int, expected: str
) -> None:
    result = _policy_run(tmp_path, steps)
    assert result.returncode == 2, result.stdout
    (message,) = result.stderr.strip().splitlines()
    assert f"mine.feature:{line}" in message
    assert expected in message
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_rules_own_words_are_used_for_its_failures(tmp_path: Path) -> None:
    result = _policy_run(
        tmp_path,
        '    Given resources of type "aws_ses_receipt_rule"\n'
        '    When I follow "sns_action[*].topic_arn" to "aws_sns_topic"\n'
        "    Then every target is in its Region\n"
        '    And a failure reads "ACME: {address} talks to {target} in {target_region}"\n'
        '    And the fix reads "ask the mail team about {target}"\n',
    )
    assert result.returncode == 1
    assert (
        "ACME: aws_ses_receipt_rule.notify talks to aws_sns_topic.mail_events_us in us-east-1"
        in result.stdout
    )
    assert "ask the mail team about aws_sns_topic.mail_events_us" in result.stdout


def test_every_shipped_rule_shape_can_be_written_in_a_policy_folder(tmp_path: Path) -> None:
    """The built-in catalog copied as a user's policy folder gives the same verdicts: no rule
    depends on anything but the public step vocabulary."""
    from sespolicy.api import evaluate

    folder = tmp_path / "copy"
    folder.mkdir()
    for path in (REPO / "policies").glob("*.feature"):
        (folder / path.name).write_text(path.read_text())
    plan = PLANS / "platform_drift.json"
    builtin = evaluate(plan)
    copied = evaluate(plan, policies=[folder], replace_policies=True)

    def verdicts(report) -> set[tuple[str, str, Status, str]]:
        return {(f.rule_id, f.address, f.status, f.message) for f in report.findings}

    assert verdicts(builtin) == verdicts(copied)
    assert any(f.status is Status.FAIL for f in builtin.findings)
