"""Region and provenance of SES-relevant addresses in plans written by real Terraform, and the
references the graph follows. Fixtures: tests/fixtures/plans (see tests/e2e/configs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sespolicy.world.graph import ResourceGraph
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.regions import RegionKind

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
# The full corpus when present, else the slice in tests/corpus (which holds the plans used here).
CORPUS = __import__("tests.corpus_location", fromlist=["CORPUS"]).CORPUS.root


def graph_of(path: Path, region: str | None = None) -> ResourceGraph:
    document = load_document_bytes(path.read_bytes(), str(path))
    return graph_documents([document], region)[0].graph


@pytest.mark.parametrize(
    ("plan", "address", "region", "kind", "detail"),
    [
        (
            "region_module_providers",
            "module.mail_eu.aws_ses_domain_identity.this",
            "eu-west-1",
            RegionKind.PROVIDER,
            "aws.eu",
        ),
        (
            "region_nested_modules",
            "module.regional_mail.module.notifications.aws_sns_topic.bounces",
            "us-west-2",
            RegionKind.PROVIDER,
            "aws.west",
        ),
        (
            "region_for_each",
            'aws_ses_domain_identity.this["ap-northeast-1"]',
            "ap-northeast-1",
            RegionKind.ATTRIBUTE,
            "set on the resource",
        ),
        (
            "region_count",
            "aws_ses_email_identity.reports[1]",
            "eu-central-1",
            RegionKind.ATTRIBUTE,
            "set on the resource",
        ),
        (
            "region_literal_arn",
            "arn:aws:sns:eu-west-1:111122223333:ticketing-inbound",
            "eu-west-1",
            RegionKind.ARN,
            "ARN",
        ),
        (
            "region_no_provider_region",
            "aws_ses_domain_identity.main",
            None,
            RegionKind.UNKNOWN,
            "sets no region",
        ),
    ],
)
def test_region_and_provenance(plan, address, region, kind, detail) -> None:
    graph = graph_of(PLANS / f"{plan}.json")
    answer = graph.region(address)
    assert (answer.region, answer.kind) == (region, kind)
    assert detail in answer.detail


def test_var_region_is_resolved_from_the_plan_variables() -> None:
    for plan in ("region_var_default", "region_var_tfvars", "region_v5_aliases"):
        graph = graph_of(PLANS / f"{plan}.json")
        answers = [
            graph.region(r.address) for r in graph.resources() if r.type.startswith("aws_ses")
        ]
        assert answers and all(a.region for a in answers), plan


def test_region_flag_then_environment_fill_a_provider_without_region(monkeypatch) -> None:
    path = PLANS / "region_no_provider_region.json"
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-2")
    answer = graph_of(path).region("aws_ses_domain_identity.main")
    assert (answer.region, answer.kind) == ("eu-west-2", RegionKind.ENVIRONMENT)
    assert "AWS_DEFAULT_REGION" in answer.detail
    answer = graph_of(path, region="ca-central-1").region("aws_ses_domain_identity.main")
    assert (answer.region, answer.kind) == ("ca-central-1", RegionKind.DEFAULT)


def test_global_services_have_no_region() -> None:
    graph = graph_of(PLANS / "smtp_violating.json")
    answer = graph.region("aws_iam_access_key.smtp")
    assert answer.region is None and answer.kind is RegionKind.GLOBAL
    assert graph.provider_region("aws_iam_access_key.smtp").region == "us-east-1"


def test_references_through_module_inputs_outputs_keys_and_literals() -> None:
    nested = graph_of(PLANS / "region_nested_modules.json")
    targets = {(e.source, e.target) for e in nested.edges()}
    assert (
        "module.regional_mail.module.notifications.aws_ses_identity_notification_topic.bounce",
        "module.regional_mail.module.notifications.aws_sns_topic.bounces",
    ) in targets
    keyed = graph_of(PLANS / "region_count.json")
    assert any(
        e.source == "aws_ses_identity_notification_topic.complaint[1]"
        and e.target == "aws_ses_email_identity.reports[1]"
        for e in keyed.edges()
    )
    literal = graph_of(PLANS / "region_literal_arn.json")
    assert any(e.via == "literal ARN" for e in literal.edges())


def test_pre_1_2_module_keys_inherit_the_root_provider() -> None:
    path = CORPUS / "plans" / "cycloidio__terracost" / "examples__terraform-plan.json"
    answer = graph_of(path).region("module.ec2.module.ebs.aws_ebs_volume.volume")
    assert answer.region == "eu-west-1" and "inherits aws" in answer.detail


def test_terraform_0_12_provider_name_names_the_configuration_a_module_was_given() -> None:
    path = (
        CORPUS
        / "plans"
        / "terraform-compliance__cli"
        / "tests__functional__test_filtering_01__plan.out__at-a97732a.json"
    )
    answer = graph_of(path).region("module.aws-ses-secondary.aws_ses_domain_identity.this")
    # aws.secondary's region is local.region, which plans do not record; the identity exists
    # already, and its ARN names its Region: the search goes on to it and says why.
    assert (answer.region, answer.kind) == ("eu-west-1", RegionKind.ARN)
    assert "aws.secondary" in answer.detail and "local.region" in answer.detail


def test_the_networkx_view_carries_regions_and_edge_attributes() -> None:
    import networkx as nx

    graph = graph_of(PLANS / "recv_cross_region_targets.json")
    view = graph.graph
    assert isinstance(view, nx.MultiDiGraph)
    assert view.nodes["aws_sns_topic.mail_events_us"]["region"].region == "us-east-1"
    attributes = {
        data["attribute"]
        for _, target, data in view.out_edges("aws_ses_receipt_rule.notify", data=True)
        if target == "aws_sns_topic.mail_events_us"
    }
    assert attributes == {"sns_action[0].topic_arn"}
    assert view.number_of_edges() == len(list(graph.edges()))


def test_references_through_module_outputs_and_to_data_sources() -> None:
    drift = graph_of(PLANS / "platform_drift.json")
    through_output = [
        e
        for e in drift.edges_from("aws_route53_record.dkim_us[0]")
        if e.target == "module.ses_us.aws_ses_domain_dkim.this"
    ]
    assert through_output and through_output[0].via.startswith("module.ses_us.dkim_tokens")
    assert through_output[0].target_attribute == "dkim_tokens"
    data = graph_of(PLANS / "recv_data_source_targets.json")
    targets = {e.target for e in data.edges_from("aws_ses_receipt_rule.intake")}
    assert "data.aws_sns_topic.intake" in targets


def _literal_plan() -> dict:
    """A receipt rule that names its bucket, rule set and topic by literal values only."""

    def change(address: str, kind: str, after: dict) -> dict:
        return {
            "address": address,
            "mode": "managed",
            "type": kind,
            "name": address.split(".")[1],
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["no-op"], "before": after, "after": after, "after_unknown": {}},
        }

    topic_arn = "arn:aws:sns:eu-west-1:123456789012:inbound"
    return {
        "format_version": "1.2",
        "resource_changes": [
            change(
                "aws_s3_bucket.mail",
                "aws_s3_bucket",
                {"bucket": "acme-mail", "region": "eu-west-1"},
            ),
            change(
                "aws_sns_topic.inbound", "aws_sns_topic", {"arn": topic_arn, "region": "eu-west-1"}
            ),
            change(
                "aws_ses_receipt_rule_set.main",
                "aws_ses_receipt_rule_set",
                {"rule_set_name": "main"},
            ),
            change(
                "aws_ses_receipt_rule.store",
                "aws_ses_receipt_rule",
                {
                    "rule_set_name": "main",
                    "region": "eu-west-1",
                    "s3_action": [{"bucket_name": "acme-mail", "topic_arn": topic_arn}],
                },
            ),
        ],
    }


def test_literal_names_and_arns_link_to_the_planned_resources() -> None:
    raw = json.dumps(_literal_plan()).encode()
    graph = graph_documents([load_document_bytes(raw, "literal.json")])[0].graph
    links = {(e.attribute, e.target, e.via) for e in graph.edges_from("aws_ses_receipt_rule.store")}
    assert ("s3_action[0].bucket_name", "aws_s3_bucket.mail", "literal") in links
    assert ("s3_action[0].topic_arn", "aws_sns_topic.inbound", "literal") in links
    assert ("rule_set_name", "aws_ses_receipt_rule_set.main", "literal") in links
