"""Every crash class found by the fuzzing harness or listed in issue 10, as a fixture: refused with
one line (exit 2) where the input is malformed, judged (exit 0/1) where it is only unusual.

The fixtures are described in tests/robustness/fixtures/README.md.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from fuzz_runner import CliResult, run_cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A run that does not end within this bound counts as a hang (the bugs took minutes or forever).
HANG_BOUND_SECONDS = 20
COMMANDS = (
    ["eval", "--format", "text"],
    ["eval", "--format", "json", "--strict"],
    ["graph", "--format", "text"],
    ["graph", "--format", "json", "--all"],
)


def _run(argv: list[str], fixture: str, data: bytes | None = None) -> CliResult:
    """`sespolicy argv` on the fixture's bytes (or on `data`, a variant of it)."""
    data = (FIXTURES / fixture).read_bytes() if data is None else data
    results: list[CliResult] = []
    worker = threading.Thread(target=lambda: results.append(run_cli(argv, stdin=data)))
    worker.daemon = True
    worker.start()
    worker.join(HANG_BOUND_SECONDS)
    assert results, f"sespolicy {' '.join(argv)} < {fixture} did not finish: a hang"
    (result,) = results
    assert result.crash is None, f"{result.crash}\n{result.stderr}"
    return result


REFUSED = [
    ("references_null_in_a_resource_expression.json",
     "configuration.root_module.resources[0].expressions.topic_arn.references[0]: "
     "expected a string, found null"),
    ("references_object_item_in_a_resource_expression.json",
     "topic_arn.references[0]: expected a string, found an object"),
    ("references_nested_list_in_a_resource_expression.json",
     "topic_arn.references[0]: expected a string, found an array"),
    ("references_number_in_a_module_input.json",
     "configuration.root_module.module_calls.mail.expressions.topic.references[0]: "
     "expected a string, found a number"),
    ("references_a_string_not_a_list.json",
     "topic_arn.references: expected an array of strings, found a string"),
    ("nested_block_list_holding_a_number.json",
     "expressions.sns_action[0]: expected an object of expressions, found a number"),
    ("references_infinity_in_a_resource_expression.json",
     "has `Infinity`, which is not a JSON number"),
    ("lone_surrogate_in_an_instance_key.json",
     "resource_changes[1].index: holds a lone UTF-16 surrogate"),
    # Which Python versions can follow 970 levels differs: either message is one clear line.
    ("object_970_deep_where_a_type_string_belongs.json",
     ("nested too deeply", "resource_changes[1].type: expected a string, found an object")),
    ("format_version_with_a_workflow_command_line.json",
     '`format_version` is "eu-west-1\\n::error file=x.tf,line=1::forg…", expected a version'),
    ("unknown_top_level_key_with_a_workflow_command_line.json",
     "found keys `format_version\\n::error file=x.tf,line=1:…`, `x`"),
    ("module_address_65_calls_deep.json",
     "resource_changes[0].module_address: names more than 64 nested module calls"),
]


@pytest.mark.parametrize(("fixture", "message"), REFUSED, ids=[f for f, _ in REFUSED])
@pytest.mark.parametrize("argv", COMMANDS[::2], ids=lambda argv: "-".join(argv))
def test_malformed_input_is_refused_with_one_line(
    fixture: str, message: str | tuple[str, ...], argv
) -> None:
    result = _run(list(argv), fixture)
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("sespolicy: error: <stdin>: ")
    expected = (message,) if isinstance(message, str) else message
    assert any(part in line for part in expected), line
    assert result.stdout == ""  # nothing half-written


JUDGED = [
    "provider_region_references_var_with_no_name.json",
    "reference_key_with_an_invalid_escape.json",
    "reference_index_of_5000_digits.json",
    "module_input_reads_its_own_output.json",
    "module_chain_20_deep_two_instances_each.json",
    "module_address_64_calls_deep.json",
]


@pytest.mark.parametrize("fixture", JUDGED)
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: "-".join(argv))
def test_unusual_input_is_judged_not_a_crash(fixture: str, argv) -> None:
    result = _run(list(argv), fixture)
    assert result.exit_code in (0, 1), result.stderr


def _graph(fixture: str) -> dict:
    return json.loads(_run(["graph", "--format", "json", "--all"], fixture).stdout)


def _node(graph: dict, address: str) -> dict:
    return next(node for node in graph["nodes"] if node["address"] == address)


def test_a_provider_region_from_var_with_no_name_is_unknown_with_the_reason() -> None:
    fixture = "provider_region_references_var_with_no_name.json"
    # As fuzzed, the topic also carries the Region Terraform 6.x writes into it: that answers.
    node = _node(_graph(fixture), "aws_sns_topic.t")
    assert node["region"] == "us-east-1"
    assert node["region_source"].startswith('attribute: region "us-east-1" filled in')
    # Without it, only the provider's broken reference is left: unknown, saying why.
    plan = json.loads((FIXTURES / fixture).read_text("utf-8"))
    for change in plan["resource_changes"]:
        change["change"]["after"].pop("region", None)
    argv = ["graph", "--format", "json", "--all"]
    graph = json.loads(_run(argv, fixture, json.dumps(plan).encode()).stdout)
    node = _node(graph, "aws_sns_topic.t")
    assert node["region"] is None
    assert node["region_source"].startswith("unknown: provider aws region comes from var.")


@pytest.mark.parametrize(
    "fixture", ["reference_key_with_an_invalid_escape.json", "reference_index_of_5000_digits.json"]
)
def test_a_reference_with_an_unreadable_instance_key_links_nothing(fixture: str) -> None:
    graph = _graph(fixture)
    assert [e for e in graph["edges"] if e["attribute"] == "topic_arn"] == []


def test_a_module_chain_of_20_is_followed_to_its_end() -> None:
    """Through 20 modules and back: 40 module boundaries, which the old hop limit cut."""
    graph = _graph("module_chain_20_deep_two_instances_each.json")
    edges = {(e["source"], e["target"], e["attribute"]) for e in graph["edges"]}
    binding = "aws_ses_identity_notification_topic.bounce"
    assert (binding, "aws_sns_topic.root", "topic_arn") in edges
    relay = 'module.m19["k1"].aws_sns_topic_subscription.relay'
    assert (relay, "aws_sns_topic.root", "topic_arn") in edges


def test_a_module_input_reading_its_own_output_denotes_nothing() -> None:
    graph = _graph("module_input_reads_its_own_output.json")
    assert [e for e in graph["edges"] if e["attribute"] == "topic_arn"] == []


def test_a_resource_64_module_calls_deep_is_graphed() -> None:
    graph = _graph("module_address_64_calls_deep.json")
    (node,) = [n for n in graph["nodes"] if n["address"].endswith("aws_sns_topic.t")]
    assert node["address"].count("module.") == 64
    assert node["region"] == "us-east-1"
