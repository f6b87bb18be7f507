"""Issue 9, "Several inputs": every finding says which input it belongs to, in every format,
and points into that input's own configuration."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gate_helpers import HCL, one_error_line, plan

from sespolicy.world.load import load_documents
from sespolicy.world.load.labels import split_label

VIOLATING = plan("recv_cross_region_targets")
CLEAN = plan("recv_clean_two_regions")
ENVS = HCL / "two_envs_same_addresses"
STAGING, PROD = ENVS / "staging", ENVS / "prod"
PROD_FINDING = ("SES-RECV-001", "aws_ses_receipt_rule.notify")


def _json(run, *argv: str) -> dict:
    result = run("eval", *argv, "--format", "json")
    assert result.code in (0, 1), result.err
    return json.loads(result.out)


# --- labels ------------------------------------------------------------------------------------


def test_a_label_names_the_input_of_every_finding_and_related_item(run) -> None:
    report = _json(run, f"staging={CLEAN}", f"prod={VIOLATING}")
    assert {f["input"] for f in report["findings"]} == {"prod"}
    assert all(r["input"] == "prod" for f in report["findings"] for r in f["related"])
    assert report["version"] == 1


def test_without_labels_the_input_is_the_path_as_given(run) -> None:
    report = _json(run, CLEAN, VIOLATING)
    assert {f["input"] for f in report["findings"]} == {VIOLATING}


def test_an_existing_file_whose_name_holds_an_equals_sign_is_a_path(workdir: Path) -> None:
    shutil.copy(VIOLATING, workdir / "a=b.json")
    (document,) = load_documents(["a=b.json"])
    assert document.source == "a=b.json" and document.label == ""
    (labelled,) = load_documents([f"prod={VIOLATING}"])
    assert labelled.label == "prod" and labelled.source == VIOLATING


@pytest.mark.parametrize(
    ("argument", "label", "path"),
    [
        ("prod=plan.json", "prod", "plan.json"),
        ("prod=-", "prod", "-"),
        ("./x=y/plan.json", "", "./x=y/plan.json"),  # a NAME holds no path separator
        ("=plan.json", "", "=plan.json"),
        ("prod=", "", "prod="),
        ("two words=p.json", "", "two words=p.json"),
    ],
)
def test_what_reads_as_a_label(argument: str, label: str, path: str) -> None:
    split = split_label(argument)
    assert (split.label, split.path) == (label, path)


@pytest.mark.parametrize(
    "arguments",
    [[VIOLATING, VIOLATING], [f"x={VIOLATING}", f"x={CLEAN}"]],
)
def test_two_inputs_with_one_name_are_refused(run, arguments: list[str]) -> None:
    result = run("eval", *arguments)
    assert result.code == 2 and result.out == ""
    assert "is given twice" in one_error_line(result)


def test_a_label_on_a_missing_path_says_the_path_is_missing(run) -> None:
    result = run("eval", "prod=does-not-exist.json")
    assert result.code == 2
    assert "does-not-exist.json: no such file" in one_error_line(result)


# --- each format says which input --------------------------------------------------------------


def test_text_groups_findings_by_input(run) -> None:
    result = run("eval", f"staging={CLEAN}", f"prod={VIOLATING}")
    assert result.code == 1
    staging = result.out.index("Input staging")
    prod = result.out.index("Input prod")
    assert staging < prod < result.out.index("FAIL      aws_ses_receipt_rule.notify")
    assert "nothing failed or unknown" in result.out[staging:prod]


def test_sarif_gives_each_result_its_inputs_artifact(run) -> None:
    result = run("eval", f"staging={CLEAN}", f"prod={VIOLATING}", "--format", "sarif")
    sarif_run = json.loads(result.out)["runs"][0]
    artifacts = sarif_run["artifacts"]
    assert [a["properties"]["input"] for a in artifacts] == ["staging", "prod"]
    assert all(a["roles"] == ["analysisTarget"] and a["hashes"]["sha-256"] for a in artifacts)
    assert artifacts[1]["location"]["uri"].endswith("recv_cross_region_targets.json")
    for result_entry in sarif_run["results"]:
        assert result_entry["analysisTarget"] == {"index": 1}
        assert result_entry["properties"]["input"] == "prod"
        assert result_entry["message"]["text"].startswith("[prod] ")


def test_the_same_address_in_two_inputs_is_two_sarif_alerts(run) -> None:
    result = run("eval", f"a={VIOLATING}", f"b={VIOLATING}", "--format", "sarif")
    results = json.loads(result.out)["runs"][0]["results"]
    notify = [r for r in results if r["ruleId"] == "SES-RECV-001"]
    assert len(notify) == 2
    fingerprints = {r["partialFingerprints"]["sespolicyResource/v1"] for r in notify}
    assert len(fingerprints) == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("junit", 'name="[prod] aws_ses_receipt_rule.notify"'),
        ("cucumber", "[prod] [aws_ses_receipt_rule.notify]"),
        ("github", "::[prod] aws_ses_receipt_rule.notify"),
        ("html", 'data-input="prod" data-address="aws_ses_receipt_rule.notify"'),
    ],
)
def test_every_format_names_the_input_when_there_are_several(
    run, name: str, expected: str
) -> None:
    result = run("eval", f"staging={CLEAN}", f"prod={VIOLATING}", "--format", name)
    assert result.code == 1
    assert expected in result.out


# --- annotations point into the right input's folder -------------------------------------------


def test_two_tf_folders_are_each_their_own_source(run) -> None:
    result = run("eval", str(STAGING), str(PROD), "--format", "github")
    assert result.code == 1
    (annotation,) = [line for line in result.out.splitlines() if line.startswith("::error")]
    assert f"file={PROD}/main.tf".replace(",", "%2C").replace(":", "%3A") in annotation
    assert "staging" not in annotation.split("::", 2)[1]  # the file= part
    line = int(annotation.split("line=", 1)[1].split(",", 1)[0])
    # The offending attribute in prod's own file (staging has another line there).
    prod_lines = (PROD / "main.tf").read_text().splitlines()
    staging_lines = (STAGING / "main.tf").read_text().splitlines()
    assert prod_lines[line - 1].strip() == "topic_arn = aws_sns_topic.events.arn"
    staging_line = 1 + next(i for i, text in enumerate(staging_lines) if "topic_arn" in text)
    assert staging_line != line


def test_source_dir_by_label_for_plans(run, workdir: Path) -> None:
    # Plans made from the two configurations: a plan's findings point into its own folder.
    result = run(
        "eval", f"staging={CLEAN}", f"prod={VIOLATING}",
        "--source-dir", f"staging={STAGING}", "--source-dir", f"prod={PROD}",
        "--format", "json",
    )
    assert result.code == 1


def test_a_plain_source_dir_serves_every_input_without_its_own(run, workdir: Path) -> None:
    shared = workdir / "config"
    shutil.copytree(PROD, shared)
    result = run("eval", f"a={VIOLATING}", f"b={VIOLATING}", "--source-dir", str(shared),
                 "--format", "github")
    files = {
        line.split("file=", 1)[1].split(",", 1)[0]
        for line in result.out.splitlines()
        if line.startswith("::error") and "file=" in line
    }
    assert files and all(name.startswith(str(shared).replace(":", "%3A")) for name in files)


@pytest.mark.parametrize(
    ("source_dir", "problem"),
    [
        ("nowhere=.", "no input is named nowhere"),
        ("missing-folder", "does not exist"),
    ],
)
def test_a_source_dir_naming_nothing_is_refused(run, source_dir: str, problem: str) -> None:
    result = run("eval", f"prod={VIOLATING}", "--source-dir", source_dir)
    assert result.code == 2 and result.out == ""
    assert problem in one_error_line(result)


def test_two_plain_source_dirs_are_ambiguous(run, workdir: Path) -> None:
    (workdir / "a").mkdir()
    (workdir / "b").mkdir()
    result = run("eval", VIOLATING, "--source-dir", "a", "--source-dir", "b")
    assert result.code == 2
    assert "one NAME=DIR per input" in one_error_line(result)
