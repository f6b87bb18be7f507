"""No output prints a value the plan or state marks sensitive (issue 10 §1).

The inputs (tests/fixtures/sensitive/, see its README) mark an identity's domain, SNS topic, KMS
key, Lambda and event destination ARNs, an identity policy document, Route 53 record names and a
provider Region as sensitive: a plan written by real Terraform, a replacement plan with
`before_sensitive` and a prior state, a state with `sensitive_values`, and the configuration
itself read as a .tf directory. Every output is scanned - each `eval` format on stdout, every
`--output` file, `graph` text/dot/json and the `baseline` file - for every sensitive string
and for every part of one (each sensitive value in the fixtures carries a `hush-…` token that
appears nowhere unmarked).

A sensitive value may be used to judge (its Region, whether two things match); it is named by
resource and attribute with `(sensitive)`, in verdict messages as everywhere else. The .tf
directory is marked the way Terraform marks it (the HCL reading is compared with Terraform's own
marks in tests/hcl/test_hcl_load_directory.py), so it is scanned for the plans' secrets too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fuzz_runner import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sensitive"
INPUTS = (
    "plan_sensitive_values.json",
    "plan_replacing_a_sensitive_domain.json",
    "state_sensitive_values.json",
    "config",
)
EVAL_FORMATS = ("text", "json", "sarif", "junit", "github", "cucumber", "html")
GRAPH_FORMATS = ("text", "dot", "json")
MARKER = re.compile(r"hush-[A-Za-z0-9.@/_-]*[A-Za-z0-9]")
# Shorter sensitive strings (enum values such as "Event" in a block Terraform marks whole) are
# not searched for: they occur in rule titles and remediations by coincidence.
MIN_NEEDLE_LENGTH = 6


@dataclass(frozen=True)
class Output:
    """One way of producing output: a command line, and the files it writes."""

    name: str
    argv: tuple[str, ...]
    files: tuple[str, ...] = ()


OUTPUTS = (
    *(
        Output(f"eval-{fmt}", ("eval", "--format", fmt, "--show-passed", "--strict"))
        for fmt in EVAL_FORMATS
    ),
    Output(
        "eval-output-files",
        (
            "eval", "--format", "text", "--show-passed",
            *(part for fmt in EVAL_FORMATS for part in ("--output", f"{fmt}={{dir}}/report.{fmt}")),
        ),
        tuple(f"report.{fmt}" for fmt in EVAL_FORMATS),
    ),
    *(Output(f"graph-{fmt}", ("graph", "--all", "--format", fmt)) for fmt in GRAPH_FORMATS),
    Output("baseline", ("baseline", "--out", "{dir}/baseline.json"), ("baseline.json",)),
)

# -- what the fixtures mark sensitive -------------------------------------------------------


def _marked(value: Any, marks: Any) -> Iterator[str]:
    """Strings of `value` under a `true` of the parallel marks structure."""
    if marks is True:
        yield from _strings(value)
    elif isinstance(marks, dict) and isinstance(value, dict):
        for key, mark in marks.items():
            if key in value:
                yield from _marked(value[key], mark)
    elif isinstance(marks, list) and isinstance(value, list):
        for mark, item in zip(marks, value, strict=False):
            yield from _marked(item, mark)


def _unmarked(value: Any, marks: Any) -> Iterator[str]:
    """Strings of `value` that no mark covers."""
    if marks is True:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _unmarked(item, marks.get(key) if isinstance(marks, dict) else None)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            mark = marks[position] if isinstance(marks, list) and position < len(marks) else None
            yield from _unmarked(item, mark)
    elif isinstance(value, str):
        yield value


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _value_pairs(document: dict) -> Iterator[tuple[Any, Any]]:
    """(values, sensitivity marks) of every resource, change and output in a plan or state."""
    for change in document.get("resource_changes", []):
        body = change["change"]
        yield body.get("after"), body.get("after_sensitive")
        yield body.get("before"), body.get("before_sensitive")
    for body in document.get("output_changes", {}).values():
        yield body.get("after"), body.get("after_sensitive")
        yield body.get("before"), body.get("before_sensitive")
    for values in (
        document.get("planned_values"),
        document.get("values"),
        document.get("prior_state", {}).get("values"),
    ):
        if not values:
            continue
        for output in values.get("outputs", {}).values():
            yield output.get("value"), output.get("sensitive") is True
        stack = [values.get("root_module", {})]
        while stack:
            module = stack.pop()
            stack.extend(module.get("child_modules", []))
            for resource in module.get("resources", []):
                yield resource.get("values"), resource.get("sensitive_values")


def _sensitive_variables(document: dict) -> Iterator[str]:
    declared = document.get("configuration", {}).get("root_module", {}).get("variables", {})
    for name, spec in declared.items():
        if spec.get("sensitive"):
            yield from _strings(document.get("variables", {}).get(name, {}).get("value"))
            yield from _strings(spec.get("default"))


@dataclass(frozen=True)
class Secrets:
    values: frozenset[str]  # every sensitive string
    printable: frozenset[str]  # sensitive strings Terraform itself also writes unmarked
    needles: frozenset[str]  # what no output may contain


def secrets_of(document: dict) -> Secrets:
    sensitive = set(_sensitive_variables(document))
    unmarked: set[str] = set()
    for value, marks in _value_pairs(document):
        sensitive.update(_marked(value, marks))
        unmarked.update(_unmarked(value, marks))
    printable = sensitive & unmarked
    needles = {s for s in sensitive - printable if len(s) >= MIN_NEEDLE_LENGTH}
    needles.update(token for s in sensitive - printable for token in MARKER.findall(s))
    return Secrets(frozenset(sensitive), frozenset(printable), frozenset(needles))


@pytest.fixture(scope="module")
def all_secrets() -> frozenset[str]:
    needles: set[str] = set()
    for name in INPUTS:
        if name.endswith(".json"):
            needles |= secrets_of(json.loads((FIXTURES / name).read_text("utf-8"))).needles
    return frozenset(needles)


def test_the_fixtures_mark_what_issue_10_names_and_show_it_nowhere_unmarked() -> None:
    """The scan is only as good as its fixtures: each kind of value is marked, every marked
    value carries a `hush-` token, and no unmarked value does."""
    plan = json.loads((FIXTURES / "plan_sensitive_values.json").read_text("utf-8"))
    secrets = secrets_of(plan)
    joined = "\n".join(secrets.values)
    for expected in (
        "hush-domain-4d1e.example",  # an identity's domain
        "arn:aws:sns:eu-west-1:111122223333:hush-topic-7a2c",  # notification / receipt topic
        "arn:aws:sns:ap-southeast-2:111122223333:hush-events-2f6a",  # event destination topic
        "arn:aws:kms:eu-west-1:111122223333:key/hush-key-3b9f",  # KMS key
        "arn:aws:lambda:eu-west-1:111122223333:function:hush-lambda-5e8d",  # Lambda
        "_amazonses.hush-domain-4d1e.example",  # a Route 53 record name
        "hush-partner-1c0b",  # inside the identity policy document
        "ap-southeast-3",  # a provider Region from a sensitive variable
    ):
        assert expected in joined, expected
    # Terraform writes the Region a provider fills in unmarked: printable, not a needle.
    assert secrets.printable == {"ap-southeast-3"}
    for name in INPUTS:
        if not name.endswith(".json"):
            continue
        document = json.loads((FIXTURES / name).read_text("utf-8"))
        secrets = secrets_of(document)
        for value, marks in _value_pairs(document):
            for text in _unmarked(value, marks):
                assert not MARKER.search(text), f"{name}: unmarked value {text!r}"
        assert all(
            MARKER.search(s) or s in secrets.printable or len(s) < 30 for s in secrets.values
        ), name


def _cases() -> Iterator[Any]:
    for source in INPUTS:
        for output in OUTPUTS:
            yield pytest.param(source, output, id=f"{source}-{output.name}")


@pytest.mark.parametrize(("source", "output"), list(_cases()))
def test_no_output_prints_a_sensitive_value(
    source: str, output: Output, all_secrets: frozenset[str], tmp_path: Path
) -> None:
    argv = [part.replace("{dir}", str(tmp_path)) for part in output.argv]
    result = run_cli([*argv, str(FIXTURES / source)])
    assert result.crash is None, result.crash
    assert result.exit_code in (0, 1), result.stderr
    texts = {"stdout": result.stdout, "stderr": result.stderr}
    for name in output.files:
        texts[name] = (tmp_path / name).read_text(encoding="utf-8")
        assert texts[name], f"{name} was not written"
    leaks = sorted(
        f"{where}: {needle!r} in {_line_with(text, needle)!r}"
        for where, text in texts.items()
        for needle in all_secrets
        if needle in text
    )
    assert leaks == []


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)[:200]


@pytest.mark.parametrize("source", INPUTS)
def test_report_fields_outside_step_messages_print_no_sensitive_value(
    source: str, all_secrets: frozenset[str]
) -> None:
    """Addresses, related resources, Regions and their provenance come from the world, not the
    steps: in the json report they must be clean already, messages aside."""
    result = run_cli(["eval", "--format", "json", "--show-passed", str(FIXTURES / source)])
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    for finding in report["findings"]:
        finding.pop("message", None)
        finding.pop("remediation", None)
    text = json.dumps(report, ensure_ascii=False)
    assert [needle for needle in all_secrets if needle in text] == []
    assert "(sensitive)" in text or source == "config"


def test_a_sensitive_arn_names_its_external_node_by_resource_and_attribute() -> None:
    result = run_cli(["graph", "--format", "json", "--all", str(FIXTURES / INPUTS[0])])
    graph = json.loads(result.stdout)
    external = {node["address"]: node for node in graph["nodes"] if node["mode"] == "external"}
    topic = "aws_ses_identity_notification_topic.bounce.topic_arn (sensitive)"
    assert external[topic]["region"] == "eu-west-1"  # still judged by the ARN's Region
    assert external[topic]["region_source"] == "arn: the Region in its ARN (sensitive)"
    assert "aws_ses_receipt_rule.store.s3_action[0].kms_key_arn (sensitive)" in external
    edges = {(e["source"], e["target"]) for e in graph["edges"]}
    # One node per sensitive ARN: the receipt rule's SNS action reaches the same topic.
    assert ("aws_ses_receipt_rule.store", topic) in edges


def test_a_region_from_a_sensitive_variable_is_not_quoted_in_its_provenance() -> None:
    result = run_cli(["graph", "--format", "json", "--all", str(FIXTURES / INPUTS[0])])
    nodes = {node["address"]: node for node in json.loads(result.stdout)["nodes"]}
    audit = nodes["aws_sns_topic.audit"]
    assert audit["region"] == "ap-southeast-3"
    assert audit["region_source"] == (
        "provider: aws.audit (region = (sensitive) via var.audit_region)"
    )


def test_a_resources_own_sensitive_arn_is_not_quoted_in_its_provenance() -> None:
    result = run_cli(["graph", "--format", "json", "--all", str(FIXTURES / INPUTS[2])])
    nodes = {node["address"]: node for node in json.loads(result.stdout)["nodes"]}
    assert nodes["aws_sns_topic.alerts"]["region"] == "us-east-1"
    assert nodes["aws_sns_topic.alerts"]["region_source"].startswith(
        "arn: the Region in its ARN (sensitive)"
    )
