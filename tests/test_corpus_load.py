"""Every real plan in the shared corpus loads; every plan a CI gate must refuse is refused.

The corpus is `$SESPOLICY_CORPUS`, else `<repo root>/../shared/corpus`. A missing corpus fails
these tests (it is never silently skipped): the corpus is what proves the loader handles real
Terraform output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sespolicy.errors import InputError
from sespolicy.world.load import load_documents
from sespolicy.world.load.decode import decode_text
from sespolicy.world.load.parse import parse_json
from sespolicy.world.load.schema import load_schema

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("SESPOLICY_CORPUS") or REPO_ROOT.parent / "shared" / "corpus")
EXPECTED_PLAN_COUNT = 260


def corpus_files(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern))


# With the corpus missing, a placeholder path makes every parametrized test fail (an empty
# parameter list would only be reported as skipped).
PLANS = corpus_files("plans/**/*.json") or [CORPUS / "plans" / "MISSING-CORPUS.json"]
REFUSED = corpus_files("plans-refused/*.json") or [CORPUS / "plans-refused" / "MISSING.json"]


def relative_id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


def test_corpus_is_present_and_complete():
    assert CORPUS.is_dir(), f"plan corpus not found at {CORPUS}; set SESPOLICY_CORPUS"
    assert len(corpus_files("plans/**/*.json")) == EXPECTED_PLAN_COUNT
    assert corpus_files("plans-refused/*.json"), "no plans to refuse in the corpus"


@pytest.mark.parametrize("path", PLANS, ids=relative_id)
def test_corpus_plan_loads(path: Path):
    assert path.is_file(), f"corpus file {path} not found; set SESPOLICY_CORPUS"
    (document,) = load_documents([str(path)])
    assert document.kind in {"plan", "state"}
    assert document.source == str(path)
    assert document.format_version


@pytest.mark.parametrize("path", PLANS, ids=relative_id)
def test_corpus_plan_is_valid_under_the_full_schema_without_sampling(path: Path):
    # The loader checks most array members with compiled predicates; this checks the schema
    # itself, member by member, against real output.
    data = parse_json(decode_text(path.read_bytes(), str(path)), str(path))
    errors = [
        f"{list(error.absolute_path)}: {error.message[:200]}"
        for error in Draft202012Validator(load_schema()).iter_errors(data)
    ]
    assert errors == []


@pytest.mark.parametrize("path", REFUSED, ids=relative_id)
def test_corpus_refused_plan_is_refused(path: Path):
    assert path.is_file(), f"corpus file {path} not found; set SESPOLICY_CORPUS"
    with pytest.raises(InputError) as raised:
        load_documents([str(path)])
    assert "\n" not in str(raised.value)
