"""Issue 9, case 4 and issue 10 §3: the command line as a user meets it — typos, help, crashes."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from gate_helpers import one_error_line, plan

from sespolicy import cli
from sespolicy.errors import INTERNAL_ERROR_EXIT_CODE

CLEAN = plan("recv_clean_two_regions")


def test_no_arguments_prints_a_short_usage_and_exits_2(run) -> None:
    result = run()
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[0].startswith("usage: sespolicy")
    assert lines[-1].startswith("sespolicy: error: say what to do")
    assert len(lines) <= 4  # a usage, not the whole help
    assert result.out == ""


@pytest.mark.parametrize(
    ("argv", "suggestion"),
    [
        (["evl", CLEAN], "did you mean eval?"),
        (["eval", CLEAN, "--fial-on", "high"], "did you mean --fail-on?"),
        (["eval", CLEAN, "--formt", "json"], "did you mean --format?"),
        (["eval", CLEAN, "--show-pased"], "did you mean --show-passed?"),
        (["eval", CLEAN, "--fail-on", "hgh"], "did you mean high?"),
        (["graph", CLEAN, "--format", "dto"], "did you mean dot?"),
        (["provider", "generat"], "did you mean generate?"),
    ],
)
def test_a_typo_is_one_line_naming_the_closest_spelling(
    run, argv: list[str], suggestion: str
) -> None:
    result = run(*argv)
    assert result.code == 2
    (line,) = result.err.splitlines()
    assert suggestion in line and "--help" in line


def _parsers(parser: argparse.ArgumentParser, prefix: str = "sespolicy"):
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{prefix} {name}")


def test_every_command_and_option_is_described_in_help() -> None:
    missing = []
    for name, parser in _parsers(cli.build_parser()):
        if not parser.description:
            missing.append(f"{name}: no description")
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert missing == []


def test_help_shows_meaningful_defaults_only() -> None:
    parsers = dict(_parsers(cli.build_parser()))
    text = parsers["sespolicy eval"].format_help()
    assert "(default: low)" in text and "(default: text)" in text
    assert "(default: None)" not in text and "(default: [])" not in text
    assert "(default: False)" not in text
    assert "(default: text)" in parsers["sespolicy graph"].format_help()


def test_an_unexpected_exception_is_one_line_exit_3_with_a_hint_to_report_it(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(args: argparse.Namespace) -> int:
        raise RuntimeError("boom\n::error file=x::injected")

    monkeypatch.setattr("sespolicy.commands.rules.run", crash)
    result = run("rules")
    assert result.code == INTERNAL_ERROR_EXIT_CODE == 3
    (line,) = result.err.splitlines()
    assert line.startswith("sespolicy: internal error: RuntimeError: boom")
    assert "report it" in line and "SESPOLICY_DEBUG=1" in line
    assert "injected" not in line  # the message's first line only: nothing smuggled after it


def test_sespolicy_debug_shows_the_traceback(run, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(args: argparse.Namespace) -> int:
        raise KeyError("missing")

    monkeypatch.setattr("sespolicy.commands.rules.run", crash)
    monkeypatch.setenv("SESPOLICY_DEBUG", "1")
    result = run("rules")
    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err
    assert result.err.splitlines()[-1].startswith("sespolicy: internal error: KeyError")


def _subprocess(*argv: str, stdout) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [sys.executable, "-m", "sespolicy", *argv],
        stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120, env=environment,
        check=False,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["rules"], ["eval", CLEAN], ["graph", CLEAN]])
def test_a_full_stdout_is_one_line_and_exit_2(argv: list[str]) -> None:
    with open("/dev/full", "w") as full:
        completed = _subprocess(*argv, stdout=full)
    assert completed.returncode == 2, completed.stderr
    (line,) = completed.stderr.splitlines()
    assert line.startswith("sespolicy: error: cannot write to stdout")


def test_a_closed_pipe_keeps_the_verdict_as_exit_code() -> None:
    violating = plan("recv_cross_region_targets")
    process = subprocess.Popen(
        [sys.executable, "-m", "sespolicy", "eval", violating],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader went away before reading anything (`| head -0`)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1  # violations, as if the report had been read
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_version_and_help_exit_0(run) -> None:
    assert run("--version").code == 0
    result = run("eval", "--help")
    assert result.code == 0 and "--show-na" in result.out


def test_one_error_line_helper_rejects_two_lines() -> None:
    from gate_helpers import Run

    with pytest.raises(AssertionError):
        one_error_line(Run(2, "", "sespolicy: error: a\nmore\n"))
