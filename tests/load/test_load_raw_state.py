"""A raw terraform.tfstate (format version 4) reads as the state `terraform show -json` writes:
its objects, their module and instance key, their sensitive attributes, and no Region that the
file does not hold."""

from __future__ import annotations

import json
from pathlib import Path

from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.regions import RegionKind

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'


def _raw_state() -> dict:
    def instance(attributes: dict, key=None, sensitive=()) -> dict:
        entry = {"schema_version": 0, "attributes": attributes, "sensitive_attributes": []}
        if key is not None:
            entry["index_key"] = key
        entry["sensitive_attributes"] = [
            [{"type": "get_attr", "value": name}] for name in sensitive
        ]
        return entry

    return {
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 9,
        "lineage": "00000000-0000-4000-8000-000000000009",
        "outputs": {},
        "resources": [
            {
                "mode": "managed",
                "type": "aws_sns_topic",
                "name": "feedback",
                "provider": f"{PROVIDER}.eu",
                "instances": [
                    instance(
                        {
                            "arn": "arn:aws:sns:eu-west-1:111122223333:feedback",
                            "name": "feedback",
                        },
                        key="eu",
                    )
                ],
            },
            {
                "module": 'module.mail["prod"]',
                "mode": "managed",
                "type": "aws_ses_domain_identity",
                "name": "this",
                "provider": PROVIDER,
                "instances": [
                    instance(
                        {"domain": "example.com", "region": "us-east-1", "token": "s3cr3t"},
                        sensitive=("token",),
                    )
                ],
            },
            {
                "mode": "managed",
                "type": "aws_ses_domain_dkim",
                "name": "legacy",
                "provider": PROVIDER,
                "instances": [instance({"domain": "example.com"}, key=0)],
            },
        ],
    }


def _graph(tmp_path: Path, **environment):
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(_raw_state()))
    document = load_document_bytes(path.read_bytes(), str(path))
    return document, graph_documents([document])[0].graph


def test_a_raw_state_loads_as_a_state_with_every_instance(tmp_path: Path) -> None:
    document, graph = _graph(tmp_path)
    assert document.kind == "state"
    addresses = {resource.address for resource in graph.resources()}
    assert addresses == {
        'aws_sns_topic.feedback["eu"]',
        'module.mail["prod"].aws_ses_domain_identity.this',
        "aws_ses_domain_dkim.legacy[0]",
    }
    identity = graph.resource('module.mail["prod"].aws_ses_domain_identity.this')
    assert identity.module_address == 'module.mail["prod"]'
    assert identity.sensitive == {"token": True}
    assert identity.provider_name == "registry.terraform.io/hashicorp/aws"


def test_raw_state_regions_come_from_the_resource_only(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("AWS_REGION", "ap-southeast-2")  # today's shell says nothing about it
    _, graph = _graph(tmp_path)
    topic = graph.region('aws_sns_topic.feedback["eu"]')
    assert (topic.region, topic.kind) == ("eu-west-1", RegionKind.ARN)
    identity = graph.region('module.mail["prod"].aws_ses_domain_identity.this')
    assert (identity.region, identity.kind) == ("us-east-1", RegionKind.ATTRIBUTE)
    dkim = graph.region("aws_ses_domain_dkim.legacy[0]")
    assert dkim.kind is RegionKind.UNKNOWN and dkim.hint
