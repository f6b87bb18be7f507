"""What the .tf reader cannot resolve turns a pass into unknown, with the reason."""

from __future__ import annotations

from pathlib import Path

from sespolicy.findings import Status
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.policy.selection import Selection
from sespolicy.world.load import load_documents
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hcl" / "unknown_for_each_identity"


def test_a_resource_with_unresolvable_for_each_is_unknown_not_passed() -> None:
    graphs = graph_documents(load_documents([str(FIXTURE)]))
    report = evaluate_graphs(
        graphs, load_catalog(), load_availability(), Selection(only=("SES-REGION-001",))
    )
    (finding,) = report.findings
    assert finding.status is Status.UNKNOWN
    assert finding.address.startswith("aws_ses_domain_identity.per_domain")
    assert "for_each" in finding.message


def test_unresolved_parts_are_listed_as_report_notes() -> None:
    graphs = graph_documents(load_documents([str(FIXTURE)]))
    report = evaluate_graphs(graphs, load_catalog(), load_availability())
    assert any("aws_ses_domain_identity.per_domain" in note for note in report.notes)
