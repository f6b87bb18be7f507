"""The benchmark scripts run end to end at a tiny size, and the synthetic plan is a plan the
loader accepts with Regions from all three provider configurations. No timings are asserted."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import bench_eval  # noqa: E402
import bench_load  # noqa: E402
from synthetic import PROVIDER_REGIONS, make_plan  # noqa: E402

from sespolicy.world.load import load_document_bytes  # noqa: E402
from sespolicy.world.pipeline import graph_documents  # noqa: E402

TINY = 200


def _table_rows(output: str, header_word: str) -> list[list[str]]:
    """The rows under the header line that contains `header_word`, split on whitespace."""
    lines = output.splitlines()
    header_index = next(i for i, line in enumerate(lines) if header_word in line)
    rows = []
    for line in lines[header_index + 2 :]:
        fields = line.split()
        if not fields or not fields[0].isdigit():
            break
        rows.append(fields)
    return rows


def test_bench_load_prints_a_row_of_figures_per_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_load.main(["--sizes", f"{TINY},{TINY * 2}", "--runs", "1"]) == 0
    output = capsys.readouterr().out
    rows = _table_rows(output, "json.loads")
    assert [int(row[0]) for row in rows] == [TINY, TINY * 2]
    assert all(float(value) > 0 for row in rows for value in row[1:])
    assert "growth:" in output


def test_bench_eval_prints_process_and_in_process_rows(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--process", str(TINY), "--in-process", f"{TINY},{TINY * 2}", "--runs", "1"]
    assert bench_eval.main(argv) == 0
    output = capsys.readouterr().out
    process = _table_rows(output, "wall s")
    assert [(int(row[0]), row[1]) for row in process] == [(11, "example"), (TINY, "synthetic")]
    in_process = _table_rows(output, "graph s")
    assert [int(row[0]) for row in in_process] == [TINY, TINY * 2]
    for row in in_process:
        graph_seconds, eval_seconds = float(row[1]), float(row[2])
        assert 0 < graph_seconds < eval_seconds  # eval builds the graph, then judges
    # Every target is named; at these sizes only the tiny plan's has a figure, the others say
    # they were not measured rather than judging the wrong size.
    verdicts = [line for line in output.splitlines() if line.startswith("target")]
    assert len(verdicts) == 5
    assert [("not measured" in line) for line in verdicts] == [False, True, True, True, True]


def test_synthetic_plan_graphs_every_resource_with_regions_from_all_providers() -> None:
    plan = make_plan(TINY, seed=3)
    managed = [change["address"] for change in plan["resource_changes"]]
    assert len(managed) == TINY == len(set(managed))

    document = load_document_bytes(json.dumps(plan).encode(), "synthetic.json")
    graph = graph_documents([document])[0].graph

    assert set(managed) <= set(graph.graph.nodes)
    regions = Counter(graph.region(address).region for address in managed)
    assert set(PROVIDER_REGIONS.values()) <= set(regions)
    module_addresses = [address for address in managed if address.startswith("module.")]
    assert module_addresses
    assert {graph.region(a).region for a in module_addresses} - {None} == {
        PROVIDER_REGIONS["aws.eu"]
    }


def test_synthetic_receipt_rules_link_to_their_bucket_key_and_topic() -> None:
    plan = make_plan(TINY)
    graph = graph_documents([load_document_bytes(json.dumps(plan).encode(), "p.json")])[0].graph
    targets = {edge.target for edge in graph.edges_from("aws_ses_receipt_rule.r0")}
    assert {"aws_s3_bucket.b0", "aws_kms_key.k0", "aws_sns_topic.t0"} <= targets


def test_synthetic_plan_is_the_same_for_the_same_seed() -> None:
    assert make_plan(50, seed=1) == make_plan(50, seed=1)
    assert make_plan(500, seed=1) != make_plan(500, seed=2)
