"""Every rule id in policies/ fails on at least one fixture plan and passes on another.

The rule ids are read from the catalog, so a new rule cannot land without plans that show both
verdicts.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from sespolicy.findings import Status
from sespolicy.policy.catalog import load_catalog
from sespolicy.policy.engine import evaluate_graphs
from sespolicy.world.load import load_document_bytes
from sespolicy.world.pipeline import graph_documents
from sespolicy.world.ses_regions import load_availability

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PLANS = sorted((FIXTURES / "plans").glob("*.json")) + sorted(
    (FIXTURES / "handwritten").glob("*.json")
)
RULE_IDS = sorted({rule.info.rule_id for rule in load_catalog()})


@lru_cache(maxsize=1)
def verdicts_by_rule() -> dict[str, dict[Status, set[str]]]:
    rules = load_catalog()
    availability = load_availability()
    verdicts: dict[str, dict[Status, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in PLANS:
        document = load_document_bytes(path.read_bytes(), str(path))
        report = evaluate_graphs(graph_documents([document]), rules, availability)
        for finding in report.findings:
            verdicts[finding.rule_id][finding.status].add(path.name)
    return verdicts


def test_the_catalog_has_rules_of_every_family() -> None:
    families = {rule_id.rsplit("-", 1)[0] for rule_id in RULE_IDS}
    assert families == {
        "SES-RECV",
        "SES-AUTH",
        "SES-NOTIF",
        "SES-IDENT",
        "SES-DKIM",
        "SES-MAILFROM",
        "SES-SMTP",
        "SES-REGION",
        "SES-SUPP",
    }


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_rule_fails_on_some_plan_and_passes_on_another(rule_id: str) -> None:
    seen = verdicts_by_rule()[rule_id]
    assert seen[Status.FAIL], f"{rule_id} fails on no fixture plan: add one that violates it"
    assert seen[Status.PASS], f"{rule_id} passes on no fixture plan: add one that satisfies it"
