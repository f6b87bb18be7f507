"""Every real plan of the corpus (the full one, else the slice in tests/corpus) goes through
`sespolicy graph` (exit 0) and `sespolicy eval` (exit 0 or 1, never 2); every failure found
there is listed below as a true violation, so a new failure is either added here with the
reason or fixed as a bug."""

from __future__ import annotations

import json

import pytest

from sespolicy.cli import main
from tests.test_corpus_load import PLANS, relative_id

# (corpus file, rule id, address) -> why it is a true violation. The corpus is mostly test
# fixtures of other tools; few plans touch SES, and none currently breaks an SES rule.
TRUE_VIOLATIONS: dict[tuple[str, str, str], str] = {}


@pytest.mark.parametrize("plan", PLANS, ids=relative_id)
def test_graph_exits_zero(plan, capsys) -> None:
    assert main(["graph", str(plan), "--format", "json"]) == 0
    graph = json.loads(capsys.readouterr().out)
    assert set(graph) == {"nodes", "edges"}


@pytest.mark.parametrize("plan", PLANS, ids=relative_id)
def test_eval_judges_and_every_failure_is_a_known_true_violation(plan, capsys) -> None:
    code = main(["eval", str(plan), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    failures = {
        (relative_id(plan), f["rule_id"], f["address"])
        for f in report["findings"]
        if f["status"] == "fail"
    }
    assert code in (0, 1)
    assert code == (1 if failures else 0)
    unexplained = failures - set(TRUE_VIOLATIONS)
    assert not unexplained, f"failures on a real plan with no reason on record: {unexplained}"
