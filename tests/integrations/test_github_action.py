"""action.yml: a composite action whose evaluate step keeps sespolicy's exit code and SARIF."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from integration_helpers import FIXTURES, REPO, path_with_sespolicy, read_repo_yaml

from sespolicy.findings import Severity

VIOLATING_PLAN = FIXTURES / "plans" / "recv_lambda_other_region.json"  # SES-RECV-004, -011: high
CLEAN_PLAN = FIXTURES / "plans" / "recv_clean_two_regions.json"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture(scope="module")
def action() -> dict:
    document = read_repo_yaml("action.yml")
    assert isinstance(document, dict)
    return document


def _steps(action: dict) -> list[dict]:
    return action["runs"]["steps"]


def _evaluate_step(action: dict) -> dict:
    return next(step for step in _steps(action) if step.get("id") == "evaluate")


def _expressions(value: object) -> list[str]:
    if isinstance(value, dict):
        return [e for item in value.values() for e in _expressions(item)]
    if isinstance(value, list):
        return [e for item in value for e in _expressions(item)]
    return EXPRESSION.findall(value) if isinstance(value, str) else []


def test_metadata_and_inputs(action: dict) -> None:
    assert action["name"] and action["description"]
    inputs = action["inputs"]
    assert inputs["plan"]["required"] is True
    assert inputs["fail-on"]["default"] == "low"
    assert inputs["sarif-file"]["default"] == "sespolicy.sarif"
    assert inputs["extra-args"]["default"] == ""
    assert all(spec.get("description") for spec in inputs.values())
    severities = re.findall(r"[a-z]+", inputs["fail-on"]["description"].split("(")[1])
    assert severities == [level.value for level in Severity]


def test_it_is_a_composite_action_whose_run_steps_name_a_shell(action: dict) -> None:
    assert action["runs"]["using"] == "composite"
    for step in _steps(action):
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step["shell"] == "bash"
        else:
            assert "shell" not in step


def test_python_is_set_up_before_sespolicy_is_installed_from_the_action(action: dict) -> None:
    steps = _steps(action)
    setup = next(
        i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/setup-python@")
    )
    install = next(i for i, s in enumerate(steps) if "pip install" in s.get("run", ""))
    assert setup < install < steps.index(_evaluate_step(action))
    assert steps[install]["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '"$ACTION_PATH"' in steps[install]["run"]
    assert (REPO / "action.yml").parent == (REPO / "pyproject.toml").parent  # pip-installable


def test_outputs_come_from_the_evaluate_step(action: dict) -> None:
    outputs = action["outputs"]
    assert outputs["sarif-file"]["value"] == "${{ steps.evaluate.outputs.sarif-file }}"
    assert outputs["exit-code"]["value"] == "${{ steps.evaluate.outputs.exit-code }}"


def test_every_input_is_used_and_only_declared_inputs_are(action: dict) -> None:
    used = {
        expression.split(".", 1)[1]
        for expression in _expressions(action["runs"])
        if expression.startswith("inputs.")
    }
    assert used == set(action["inputs"])


def test_no_expression_is_pasted_into_a_script(action: dict) -> None:
    # Inputs reach scripts only through env: a value can then never run as shell code.
    for step in _steps(action):
        assert "${{" not in step.get("run", ""), step.get("name")


def _run_evaluate_step(
    action: dict, tmp_path: Path, plan: Path | str, **inputs: str
) -> tuple[int, dict[str, str], Path]:
    """Run the evaluate step's script as the runner does (`bash -e -o pipefail`), with the
    inputs in the step's env and a GITHUB_OUTPUT file, and return what the step reported."""
    step = _evaluate_step(action)
    values = {
        "plan": str(plan),
        "fail-on": action["inputs"]["fail-on"]["default"],
        "sarif-file": str(tmp_path / "out" / "report.sarif"),
        "extra-args": "",
        **{key.replace("_", "-"): value for key, value in inputs.items()},
    }
    environment = path_with_sespolicy(tmp_path / "bin")
    for name, expression in step["env"].items():
        (reference,) = EXPRESSION.findall(expression)
        environment[name] = values[reference.split(".", 1)[1]]
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    environment["GITHUB_OUTPUT"] = str(outputs)
    (tmp_path / "out").mkdir(exist_ok=True)
    script = tmp_path / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", str(script)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    written = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    return result.returncode, written, Path(values["sarif-file"])


def _sarif_rule_ids(path: Path) -> set[str]:
    sarif = json.loads(path.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    return {result["ruleId"] for run in sarif["runs"] for result in run["results"]}


def test_a_violation_fails_the_step_and_still_writes_the_sarif(
    action: dict, tmp_path: Path
) -> None:
    code, outputs, sarif = _run_evaluate_step(action, tmp_path, VIOLATING_PLAN)
    assert code == 1
    assert outputs == {"sarif-file": str(sarif), "exit-code": "1"}
    assert "SES-RECV-004" in _sarif_rule_ids(sarif)


def test_a_clean_plan_passes(action: dict, tmp_path: Path) -> None:
    code, outputs, sarif = _run_evaluate_step(action, tmp_path, CLEAN_PLAN)
    assert (code, outputs["exit-code"]) == (0, "0")
    assert sarif.is_file()


def test_fail_on_reaches_sespolicy(action: dict, tmp_path: Path) -> None:
    code, outputs, _ = _run_evaluate_step(action, tmp_path, VIOLATING_PLAN, fail_on="critical")
    assert (code, outputs["exit-code"]) == (0, "0")


def test_extra_args_split_on_whitespace(action: dict, tmp_path: Path) -> None:
    code, _, sarif = _run_evaluate_step(
        action,
        tmp_path,
        VIOLATING_PLAN,
        extra_args="--skip-rule SES-RECV-004  --skip-rule SES-RECV-011",
    )
    assert code == 0
    assert {"SES-RECV-004", "SES-RECV-011"}.isdisjoint(_sarif_rule_ids(sarif))


def test_extra_args_on_several_lines_are_one_argument_each(action: dict, tmp_path: Path) -> None:
    code, _, sarif = _run_evaluate_step(
        action,
        tmp_path,
        VIOLATING_PLAN,
        extra_args="--tags\n@severity:critical and not @SES-SUPP\n",
    )
    assert code == 0
    sarif_rules = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]
    assert sarif_rules["rules"]
    critical = {"SES-RECV-013", "SES-RECV-014", "SES-REGION-001"}
    assert {rule["id"] for rule in sarif_rules["rules"]} <= critical


def test_an_unreadable_plan_exits_2_and_leaves_no_stale_sarif(action: dict, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    stale = tmp_path / "out" / "report.sarif"
    stale.write_text("{}", encoding="utf-8")
    code, outputs, sarif = _run_evaluate_step(action, tmp_path, tmp_path / "missing.json")
    assert code == 2
    assert outputs == {"exit-code": "2"}
    assert not sarif.exists()
