"""Every real plan of the corpus loads; every plan a CI gate must refuse is refused.

The corpus is the full one (`$SESPOLICY_CORPUS`, else `../shared/corpus` beside the checkout)
when there is one, else the slice carried in tests/corpus (see tests/corpus_location.py and
tests/corpus/SOURCES.md). A corpus that is named but missing fails these tests (never a silent
skip): the corpus is what proves the loader handles real Terraform output.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sespolicy.errors import InputError
from sespolicy.world.load import load_documents
from sespolicy.world.load.decode import decode_text
from sespolicy.world.load.parse import parse_json
from sespolicy.world.load.schema import load_schema
from tests.corpus_location import CORPUS, FULL_PLAN_COUNT, VARIABLE, locate_corpus


def corpus_files(pattern: str) -> list[Path]:
    return CORPUS.files(pattern)


# With the corpus missing, a placeholder path makes every parametrized test fail (an empty
# parameter list would only be reported as skipped).
PLANS = corpus_files("plans/**/*.json") or [CORPUS.root / "plans" / "MISSING-CORPUS.json"]
REFUSED = corpus_files("plans-refused/*.json") or [
    CORPUS.root / "plans-refused" / "MISSING.json"
]


def relative_id(path: Path) -> str:
    return CORPUS.relative_id(path)


def test_corpus_is_present_and_complete():
    assert CORPUS.root.is_dir(), f"plan corpus not found: {CORPUS.described}"
    assert corpus_files("plans-refused/*.json"), "no plans to refuse in the corpus"
    plans = corpus_files("plans/**/*.json")
    if CORPUS.full:
        assert len(plans) == FULL_PLAN_COUNT, CORPUS.described
        return
    # The slice: exactly the files its index lists, each byte-for-byte its recorded source.
    index = [
        json.loads(line)
        for line in (CORPUS.root / "plans" / "INDEX.jsonl").read_text("utf-8").splitlines()
    ]
    assert sorted(relative_id(plan) for plan in plans) == sorted(
        f"plans/{entry['local']}" for entry in index
    )
    for entry in index:
        content = (CORPUS.root / "plans" / entry["local"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == entry["sha256"], entry["local"]
        assert entry["repo"] and entry["commit"] and entry["licence"] and entry["why"]


def test_the_full_corpus_is_used_when_named_or_beside_the_checkout(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    alone = locate_corpus({}, checkout)
    assert not alone.full and alone.root == checkout / "tests" / "corpus"
    (tmp_path / "shared" / "corpus").mkdir(parents=True)
    beside = locate_corpus({}, checkout)
    assert beside.full and beside.root == tmp_path / "shared" / "corpus"
    named = locate_corpus({VARIABLE: "/elsewhere/corpus"}, checkout)
    assert named.full and named.root == Path("/elsewhere/corpus")


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
