"""Steps for the acceptance tests: run the real `sespolicy` CLI the way a user does.

Every scenario runs `python -m sespolicy …` in a subprocess inside a fresh temporary folder, so
relative paths in a command (`--output json=report.json`, `--policies team`) land there.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from pytest_bdd.parser import FeatureParser

REPO = Path(__file__).resolve().parent.parent
PLANS = REPO / "tests" / "fixtures" / "plans"
POLICIES = REPO / "policies"
_RULE_ID_TAG = re.compile(r"@(SES-[A-Z]+-\d+)\b")


@dataclass
class CliRun:
    """What the user hands to the CLI and what comes back."""

    workdir: Path
    arguments: list[str] = field(default_factory=list)  # plan paths appended to the command
    stdin: bytes = b""
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""

    def json_stdout(self) -> Any:
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError:
            pytest.fail(f"stdout is not JSON:\n{self.stdout[:2000]}\nstderr:\n{self.stderr}")


@pytest.fixture
def cli(tmp_path: Path) -> CliRun:
    return CliRun(workdir=tmp_path)


def _plan(name: str) -> Path:
    path = PLANS / f"{name}.json"
    assert path.is_file(), f"no fixture plan {path}"
    return path


# --- Given: the input ---------------------------------------------------------------------


@given(parsers.parse('the plan "{name}"'))
def given_plan_path(cli: CliRun, name: str) -> None:
    cli.arguments.append(str(_plan(name)))


@given(parsers.parse('the plan "{name}" on stdin'))
def given_plan_on_stdin(cli: CliRun, name: str) -> None:
    cli.stdin = _plan(name).read_bytes()


@given("nothing on stdin")
def given_empty_stdin(cli: CliRun) -> None:
    cli.stdin = b""


@given(parsers.parse('the text "{text}" on stdin'))
def given_text_on_stdin(cli: CliRun, text: str) -> None:
    cli.stdin = text.encode()


@given(parsers.parse('the binary plan file "{name}" of the plan "{plan}"'))
def given_binary_plan(cli: CliRun, name: str, plan: str) -> None:
    # `terraform plan -out` writes a zip archive; users sometimes pass it instead of the JSON.
    path = cli.workdir / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(_plan(plan), "tfplan.json")
    cli.arguments.append(str(path))


@given(parsers.parse('a policy folder "{folder}" with the policy:'))
def given_policy_folder(cli: CliRun, folder: str, docstring: str) -> None:
    directory = cli.workdir / folder
    directory.mkdir()
    (directory / "team.feature").write_text(docstring + "\n", encoding="utf-8")


# --- When: the command --------------------------------------------------------------------


@when(parsers.parse('I run "{command}"'))
def run_command(cli: CliRun, command: str) -> None:
    words = shlex.split(command)
    assert words[0] == "sespolicy", "commands in these scenarios start with sespolicy"
    completed = subprocess.run(
        [sys.executable, "-m", "sespolicy", *words[1:], *cli.arguments],
        input=cli.stdin,
        capture_output=True,
        cwd=cli.workdir,
        timeout=300,
        env=_environment(),
    )
    cli.exit_code = completed.returncode
    cli.stdout = completed.stdout.decode("utf-8", "replace")
    cli.stderr = completed.stderr.decode("utf-8", "replace")


def _environment() -> dict[str, str]:
    import os

    # A Region in the tester's shell must not decide what a plan without one means.
    hidden = {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "NO_COLOR"}
    return {k: v for k, v in os.environ.items() if k not in hidden}


# --- Then: exit code and streams ----------------------------------------------------------


@then(parsers.parse("the exit code is {code:d}"))
def exit_code_is(cli: CliRun, code: int) -> None:
    assert cli.exit_code == code, (
        f"exit code {cli.exit_code}, expected {code}\nstdout:\n{cli.stdout[-3000:]}\n"
        f"stderr:\n{cli.stderr}"
    )


@then(parsers.parse('stderr is one line starting with "{prefix}"'))
def stderr_is_one_line(cli: CliRun, prefix: str) -> None:
    lines = cli.stderr.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got:\n{cli.stderr}"
    assert lines[0].startswith(prefix), lines[0]
    assert "Traceback" not in cli.stderr


@then(parsers.parse('stderr mentions "{text}"'))
def stderr_mentions(cli: CliRun, text: str) -> None:
    assert text in cli.stderr, cli.stderr


@then("stdout is empty")
def stdout_is_empty(cli: CliRun) -> None:
    assert cli.stdout == "", cli.stdout


# --- Then: JSON and SARIF reports ---------------------------------------------------------


def _findings(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["findings"]


def _has_finding(report: dict[str, Any], rule_id: str, status: str, address: str) -> bool:
    return any(
        f["rule_id"] == rule_id and f["status"] == status and f["address"] == address
        for f in _findings(report)
    )


# Rule ids are spelled out as a pattern so that these steps do not swallow longer step texts
# ending in "… fails for …".
_RULE_ID = r"(?P<rule_id>SES-[A-Z]+-\d+)"


@then(parsers.re(_RULE_ID + r' fails for "(?P<address>[^"]+)"'))
def rule_fails_for(cli: CliRun, rule_id: str, address: str) -> None:
    report = cli.json_stdout()
    assert _has_finding(report, rule_id, "fail", address), json.dumps(_findings(report), indent=1)


@then(parsers.re(_RULE_ID + r' is unknown for "(?P<address>[^"]+)"'))
def rule_unknown_for(cli: CliRun, rule_id: str, address: str) -> None:
    report = cli.json_stdout()
    assert _has_finding(report, rule_id, "unknown", address), json.dumps(
        _findings(report), indent=1
    )


@then(parsers.parse("only {family} rules fail"))
def only_family_fails(cli: CliRun, family: str) -> None:
    failing = [f for f in _findings(cli.json_stdout()) if f["status"] == "fail"]
    assert failing, "expected some failures"
    assert {f["family"] for f in failing} == {family}, failing


@then("no rule fails")
def no_rule_fails(cli: CliRun) -> None:
    report = cli.json_stdout()
    assert report["summary"]["failed"] == 0
    assert not [f for f in _findings(report) if f["status"] == "fail"]


@then(parsers.parse("the report covers exactly the rule {rule_id}"))
def report_covers_only(cli: CliRun, rule_id: str) -> None:
    report = cli.json_stdout()
    assert report["summary"]["rules"] == 1, report["summary"]
    assert _findings(report), "expected a finding for the chosen rule"
    assert {f["rule_id"] for f in _findings(report)} == {rule_id}


@then(parsers.parse("no finding is for {rule_id}"))
def no_finding_for(cli: CliRun, rule_id: str) -> None:
    assert rule_id not in {f["rule_id"] for f in _findings(cli.json_stdout())}


@then(parsers.parse('the SARIF report has a result of {rule_id} for "{address}"'))
def sarif_result_for(cli: CliRun, rule_id: str, address: str) -> None:
    sarif = cli.json_stdout()
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert rule_id in {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    located = {
        (result["ruleId"], logical["fullyQualifiedName"])
        for result in run["results"]
        for location in result.get("locations", [])
        for logical in location.get("logicalLocations", [])
    }
    assert (rule_id, address) in located, sorted(located)


@then(parsers.parse('the file "{name}" is a JSON report where {rule_id} fails for "{address}"'))
def file_report_fails_for(cli: CliRun, name: str, rule_id: str, address: str) -> None:
    path = cli.workdir / name
    assert path.is_file(), f"{name} was not written"
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["version"] == 1
    assert _has_finding(report, rule_id, "fail", address)


# --- Then: the catalog listings -----------------------------------------------------------


@then("the output lists every rule id of the policy catalog")
def lists_every_rule_id(cli: CliRun) -> None:
    catalog_ids = {
        match
        for path in POLICIES.glob("*.feature")
        for match in _RULE_ID_TAG.findall(path.read_text(encoding="utf-8"))
    }
    assert catalog_ids, "the policy catalog has no rule ids"
    listed = {line.split()[0] for line in cli.stdout.splitlines() if line.strip()}
    assert catalog_ids <= listed, sorted(catalog_ids - listed)


@then("the output lists a described step for every step text of the policy catalog")
def lists_every_step(cli: CliRun) -> None:
    from sespolicy.policy.steps import REGISTRY

    lines = cli.stdout.splitlines()
    listed: set[str] = set()
    for index, line in enumerate(lines):
        keyword, _, template = line.partition(" ")
        if keyword in ("Given", "When", "Then"):
            listed.add(template.strip())
            description = lines[index + 1] if index + 1 < len(lines) else ""
            assert description.startswith(" ") and description.strip(), (
                f"step {template.strip()!r} has no one-line description"
            )
    assert listed, f"no steps listed:\n{cli.stdout}"
    for path in sorted(POLICIES.glob("*.feature")):
        feature = FeatureParser(str(POLICIES), path.name).parse()
        for template in feature.scenarios.values():
            contexts = [row for ex in template.examples for row in ex.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    found = REGISTRY.find(step.type, step.name)
                    assert found is not None and found[0].template in listed, (
                        f"{path.name}:{step.line_number}: {step.name!r} is not a listed step"
                    )


# --- issue 9: a gate that cannot pass by accident, several inputs ---------------------------


@given(parsers.parse('the plan "{name}" labelled "{label}"'))
def given_labelled_plan(cli: CliRun, name: str, label: str) -> None:
    cli.arguments.append(f"{label}={_plan(name)}")


@then(parsers.parse('no file "{name}" was written'))
def no_file_written(cli: CliRun, name: str) -> None:
    assert not (cli.workdir / name).exists(), f"{name} was written"


@then(parsers.parse('every finding belongs to the input "{label}"'))
def every_finding_belongs_to(cli: CliRun, label: str) -> None:
    findings = _findings(cli.json_stdout())
    assert findings, "expected findings"
    assert {f["input"] for f in findings} == {label}
    assert all(r["input"] == label for f in findings for r in f["related"])
