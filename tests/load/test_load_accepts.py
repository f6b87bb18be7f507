"""What the loader accepts: plan and state JSON in every encoding Terraform users produce."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from sespolicy.world.load import LoadedDocument, load_document_bytes, load_documents


def load_one(path: str) -> LoadedDocument:
    (document,) = load_documents([path])
    return document


@pytest.mark.parametrize(
    ("name", "format_version"),
    [
        ("plan_format_0_1.json", "0.1"),
        ("plan_format_1_2.json", "1.2"),
        ("plan_format_1_99_with_unknown_keys.json", "1.99"),
    ],
)
def test_plan_format_versions_0_x_and_1_x_are_accepted(fixture_path, name, format_version):
    document = load_one(fixture_path(name))
    assert document.kind == "plan"
    assert document.format_version == format_version
    assert document.warnings == ()


def test_unknown_keys_of_a_newer_minor_are_kept_in_data(fixture_path):
    document = load_one(fixture_path("plan_format_1_99_with_unknown_keys.json"))
    assert document.data["some_future_key"] == {"anything": [1, 2]}
    assert document.data["resource_changes"][0]["future_field"] is True


@pytest.mark.parametrize(
    "name",
    [
        "plan_utf8_bom.json",
        "plan_utf16le_bom.json",
        "plan_utf16be_bom.json",
        "plan_minified.json",
    ],
)
def test_every_encoding_loads_to_the_same_plan(fixture_path, name):
    reference = load_one(fixture_path("plan_format_1_2.json")).data
    document = load_one(fixture_path(name))
    assert document.kind == "plan"
    assert document.data == reference


def test_utf16_without_bom_is_recognised(fixture_path):
    text = Path(fixture_path("plan_format_1_2.json")).read_text(encoding="utf-8")
    document = load_document_bytes(text.encode("utf-16-le"), "nobom.json")
    assert document.data["format_version"] == "1.2"


def test_sha256_is_of_the_raw_input_bytes(fixture_path):
    path = fixture_path("plan_utf16le_bom.json")
    raw = Path(path).read_bytes()
    assert load_one(path).sha256 == hashlib.sha256(raw).hexdigest()


def test_state_is_detected_by_values_without_planned_values(fixture_path):
    document = load_one(fixture_path("state_show_json.json"))
    assert document.kind == "state"
    assert document.format_version == "1.0"
    assert document.terraform_version == "1.11.4"


def test_empty_state_with_only_format_version_is_a_state(fixture_path):
    assert load_one(fixture_path("state_empty_show_json.json")).kind == "state"


def test_plan_is_detected_and_carries_its_versions(fixture_path):
    document = load_one(fixture_path("plan_opentofu.json"))
    assert document.kind == "plan"
    assert document.terraform_version == "1.8.5"


def test_complete_false_is_accepted_with_one_warning(fixture_path):
    document = load_one(fixture_path("plan_complete_false.json"))
    assert document.kind == "plan"
    assert len(document.warnings) == 1
    # the caller prefixes the source itself: `sespolicy: warning: <source>: <warning>`
    assert document.warnings[0].startswith('"complete": false — ')
    assert "\n" not in document.warnings[0]


def test_hcp_redacted_plan_is_a_plan_with_a_warning(fixture_path):
    document = load_one(fixture_path("hcp_redacted_plan.json"))
    assert document.kind == "plan"
    assert document.format_version == "1.1"
    assert document.terraform_version is None
    assert any("redacted plan" in warning for warning in document.warnings)


def test_stdin_and_path_give_the_same_document_with_their_own_source(fixture_path):
    path = fixture_path("plan_format_1_2.json")
    raw = Path(path).read_bytes()
    (from_stdin,) = load_documents([], stdin=io.BytesIO(raw))
    (from_dash,) = load_documents(["-"], stdin=io.BytesIO(raw))
    from_path = load_one(path)
    assert from_stdin.source == from_dash.source == "<stdin>"
    assert from_path.source == path
    assert from_stdin.data == from_path.data
    assert from_stdin.sha256 == from_path.sha256


def test_paths_and_stdin_load_in_the_order_given(fixture_path):
    state = Path(fixture_path("state_show_json.json")).read_bytes()
    documents = load_documents(
        [fixture_path("plan_format_0_1.json"), "-"], stdin=io.BytesIO(state)
    )
    assert [document.kind for document in documents] == ["plan", "state"]
    assert documents[1].source == "<stdin>"


def test_load_document_bytes_is_pretty_or_minified_agnostic(fixture_path):
    data = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    pretty = load_document_bytes(json.dumps(data, indent=4).encode(), "pretty")
    minified = load_document_bytes(json.dumps(data, separators=(",", ":")).encode(), "mini")
    assert pretty.data == minified.data == data
    assert pretty.sha256 != minified.sha256
