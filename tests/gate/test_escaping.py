"""Issue 10 §2: nothing from the input reaches a report, a graph or a message raw.

A crafted plan carries a line break followed by a GitHub workflow command, an ANSI escape, a
bidi override and a zero-width joiner in a provider's Region, a resource's Region, an instance key
and a name. Every format, on stdout and in files, must show them as escapes: no line of the
attacker's choosing, nothing that steers a terminal, nothing a UTF-8 writer cannot encode.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from gate_helpers import PLANS, one_error_line

FORMATS = ["text", "json", "sarif", "junit", "github", "cucumber", "html"]
INJECTED = "\n::error file=pwned.tf,line=1::injected"
HOSTILE_REGION = "eu-west-1" + INJECTED
HOSTILE_KEY = "k\x1b[2J\u202e\u200d" + INJECTED
RAW = ("\x1b", "\u202e", "\r")


def _crafted_plan() -> dict:
    plan = json.loads((PLANS / "region_resource_override.json").read_text(encoding="utf-8"))
    provider = plan["configuration"]["provider_config"]["aws"]
    provider["expressions"]["region"] = {"constant_value": HOSTILE_REGION}
    resources = plan["planned_values"]["root_module"]["resources"]
    uk = next(r for r in resources if r["address"] == "aws_ses_email_identity.support_uk")
    uk["values"]["region"] = "eu-west-2" + INJECTED
    # What Terraform planned decides a resource's Region: the hostile one goes there too, so a
    # failing finding (not an SES Region) carries it into every format.
    change = next(
        c for c in plan["resource_changes"] if c["address"] == "aws_ses_email_identity.support_uk"
    )
    change["change"]["after"]["region"] = "eu-west-2" + INJECTED
    topic = next(r for r in resources if r["type"] == "aws_sns_topic")
    evil = copy.deepcopy(topic)
    evil["address"] = f'aws_sns_topic.evil["{HOSTILE_KEY}"]'
    evil["name"] = "evil"
    evil["index"] = HOSTILE_KEY
    evil["values"]["name"] = "evil\u200d" + INJECTED
    resources.append(evil)
    return plan


@pytest.fixture
def crafted(workdir: Path) -> Path:
    path = workdir / "crafted.json"
    # ensure_ascii: control characters travel as \u escapes, as an attacker writes them. (A lone
    # surrogate is refused when the plan loads: tests/robustness covers it.)
    path.write_text(json.dumps(_crafted_plan(), ensure_ascii=True), encoding="utf-8")
    return path


def _assert_nothing_raw(text: str, github: bool = False) -> None:
    text.encode("utf-8")  # no lone surrogate left: a strict UTF-8 writer can write it
    for character in RAW:
        assert character not in text, repr(character)
    for line in text.splitlines():
        if line.startswith("::"):
            assert github, line
            assert line.startswith(("::error ", "::warning ", "::notice ")), line
            assert not line.startswith("::error file=pwned.tf"), line


@pytest.mark.parametrize("name", FORMATS)
def test_every_report_format_escapes_input_on_stdout_and_in_files(
    run, crafted: Path, workdir: Path, name: str
) -> None:
    result = run("eval", crafted, "--show-passed", "--format", name, "--output", f"{name}=r.out")
    assert result.code in (0, 1), result.err
    _assert_nothing_raw(result.out, github=name == "github")
    _assert_nothing_raw(result.err)
    written = (workdir / "r.out").read_text(encoding="utf-8")
    _assert_nothing_raw(written, github=name == "github")
    assert "pwned.tf" in result.out  # the hostile Region was reported, escaped
    if name in ("json", "sarif", "cucumber"):
        document = json.loads(result.out)
        _assert_no_control_characters(document)


def _assert_no_control_characters(value: object) -> None:
    """Decoded strings: no control character but the line breaks of policy text (a rule's
    description), and never the injected line."""
    if isinstance(value, str):
        assert value.replace("\n", "").isprintable(), repr(value)
        assert INJECTED not in value
    elif isinstance(value, dict):
        for item in value.values():
            _assert_no_control_characters(item)
    elif isinstance(value, list):
        for item in value:
            _assert_no_control_characters(item)


def test_the_text_report_shows_the_injected_line_as_an_escape(run, crafted: Path) -> None:
    result = run("eval", crafted, "--show-passed")
    assert "\\n::error file=pwned.tf" in result.out


@pytest.mark.parametrize("graph_format", ["text", "dot", "json"])
def test_graph_escapes_input(run, crafted: Path, graph_format: str) -> None:
    result = run("graph", crafted, "--all", "--format", graph_format)
    assert result.code == 0, result.err
    _assert_nothing_raw(result.out)
    assert "evil" in result.out


def test_a_value_quoted_in_an_error_message_is_escaped(run, workdir: Path) -> None:
    plan = json.loads((PLANS / "region_resource_override.json").read_text(encoding="utf-8"))
    plan["format_version"] = "1.2" + INJECTED
    path = workdir / "bad.json"
    path.write_text(json.dumps(plan))
    result = run("eval", path)
    assert result.code == 2
    line = one_error_line(result)
    assert "\\n::error file=pwned.tf" in line


def test_a_path_argument_with_a_line_break_stays_on_one_line(run) -> None:
    result = run("eval", "missing\n::error::x.json")
    assert result.code == 2
    assert "missing\\n::error::x.json" in one_error_line(result)


def test_stdout_that_cannot_encode_gets_escapes_not_a_crash(
    run, crafted: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A CI runner whose stdout is ASCII (LANG=C, PYTHONIOENCODING=ascii).
    import io
    import sys

    buffer = io.BytesIO()
    ascii_stdout = io.TextIOWrapper(buffer, encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stdout", ascii_stdout)
    from sespolicy.cli import main

    code = main(["eval", str(crafted), "--show-passed", "--format", "html"])
    ascii_stdout.flush()
    assert code in (0, 1)
    buffer.getvalue().decode("ascii")
