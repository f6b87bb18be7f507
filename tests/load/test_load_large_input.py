"""Large inputs: parsed with the cycle collector kept off the new document (figures for speed
come from a benchmark, not from tests); the collector's on/off state is always restored."""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path

import pytest

from sespolicy.errors import InputError
from sespolicy.world.load import load_document_bytes
from sespolicy.world.load.parse import LARGE_INPUT_CHARS


@pytest.fixture
def large_plan(fixture_path) -> bytes:
    document = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    template = document["resource_changes"][0]
    copies = LARGE_INPUT_CHARS // len(json.dumps(template)) + 10
    document["resource_changes"] = [
        dict(copy.deepcopy(template), address=f"aws_sesv2_email_identity.n{index}")
        for index in range(copies)
    ]
    raw = json.dumps(document).encode()
    assert len(raw) > LARGE_INPUT_CHARS
    return raw


@pytest.fixture(autouse=True)
def restore_collector():
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()  # let this test session's objects be collected normally again
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_large_plan_loads_and_leaves_the_collector_enabled(large_plan):
    gc.enable()
    document = load_document_bytes(large_plan, "large.json")
    assert gc.isenabled()
    assert len(document.data["resource_changes"]) > 1000
    assert gc.get_freeze_count() > 0  # the document is out of the collector's way


def test_a_disabled_collector_stays_disabled(large_plan):
    gc.disable()
    load_document_bytes(large_plan, "large.json")
    assert not gc.isenabled()


def test_collector_is_restored_when_a_large_input_is_not_json(large_plan):
    gc.enable()
    with pytest.raises(InputError, match="not valid JSON"):
        load_document_bytes(large_plan[:-5], "cut.json")
    assert gc.isenabled()
