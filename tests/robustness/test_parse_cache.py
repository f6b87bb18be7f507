"""The parsed-catalog cache cannot switch the gate off: what it holds is used only when it is
the signed catalog of exactly these policies, with every field of the right type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sespolicy.findings import Severity
from sespolicy.policy import catalog, parse_cache
from sespolicy.policy.catalog import builtin_policy_dir, load_catalog

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder and a key folder of this test's own."""
    monkeypatch.delenv("SESPOLICY_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path


def _entry(dirs: Path) -> Path:
    (entry,) = (dirs / "cache" / "sespolicy").glob("catalog-*.json")
    return entry


def _parsing_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the policies were parsed although a valid cache entry exists")

    monkeypatch.setattr(catalog, "_parse_rules", refuse)


def _severities(rules) -> dict[str, Severity]:
    return {rule.info.rule_id: rule.info.severity for rule in rules}


def test_a_cached_catalog_reads_back_equal_without_parsing(private_dirs, monkeypatch) -> None:
    parsed = load_catalog()
    assert _entry(private_dirs).is_file()
    _parsing_refused(monkeypatch)
    assert load_catalog() == parsed


def test_a_cache_entry_holding_an_empty_list_does_not_give_zero_rules(private_dirs) -> None:
    parsed = load_catalog()
    _entry(private_dirs).write_text("[]", encoding="utf-8")
    assert load_catalog() == parsed
    assert len(parsed) > 30


def test_edited_severities_in_a_cache_entry_are_not_obeyed(private_dirs) -> None:
    parsed = load_catalog()
    entry = _entry(private_dirs)
    content = json.loads(entry.read_text(encoding="utf-8"))
    for rule in content["rules"]:
        rule["info"]["severity"] = "info"
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert _severities(load_catalog()) == _severities(parsed)
    assert Severity.HIGH in _severities(parsed).values()


def test_an_entry_signed_without_this_users_key_is_ignored(private_dirs) -> None:
    """An entry restored from another machine's cache (another key) is parsed again."""
    parsed = load_catalog()
    entry = _entry(private_dirs)
    content = json.loads(entry.read_text(encoding="utf-8"))
    content["rules"] = content["rules"][:1]
    del content["signature"]
    content["signature"] = parse_cache._sign(b"k" * 32, content)
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert load_catalog() == parsed


def test_a_signed_entry_for_other_policies_does_not_answer_for_these(
    private_dirs, tmp_path
) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "one.feature").write_text(
        "Feature: one\n  @ACME-ONE-001 @severity:low\n  Scenario: one rule\n"
        '    Given resources of type "aws_sns_topic"\n    Then every target is in its Region\n',
        encoding="utf-8",
    )
    mine = catalog.load_rules(policies)
    builtin = catalog.load_rules(builtin_policy_dir(), builtin=True)
    entries = sorted((private_dirs / "cache" / "sespolicy").glob("catalog-*.json"))
    assert len(entries) == 2
    builtin_entry = next(e for e in entries if len(e.read_bytes()) > 10_000)
    small_entry = next(e for e in entries if e != builtin_entry)
    builtin_entry.write_bytes(small_entry.read_bytes())  # renamed into the built-in's place
    assert catalog.load_rules(builtin_policy_dir(), builtin=True) == builtin
    assert len(mine) == 1


@pytest.mark.parametrize(
    "breakage",
    [
        lambda rules: rules[0]["info"].update(severity="bogus"),
        lambda rules: rules[0]["info"].pop("rule_id"),
        lambda rules: rules[0]["info"].update(tags="@SES-X-001"),
        lambda rules: rules[0]["steps"][0].update(line="4"),
        lambda rules: rules[0].update(line=True),
        lambda rules: rules[0].update(extra=1),
        lambda rules: rules.append(None),
    ],
    ids=["unknown-severity", "missing-field", "string-for-tuple", "string-for-int",
         "bool-for-int", "unexpected-field", "null-rule"],
)
def test_a_signed_entry_of_the_wrong_shape_is_parsed_again(private_dirs, breakage) -> None:
    """Even an entry signed with the right key (a bug, an older format) never builds a Rule
    from fields of the wrong type."""
    parsed = load_catalog()
    entry = _entry(private_dirs)
    content = json.loads(entry.read_text(encoding="utf-8"))
    breakage(content["rules"])
    del content["signature"]
    content["signature"] = parse_cache._sign(parse_cache._signing_key(create=False), content)
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert load_catalog() == parsed


def test_an_oversized_entry_is_not_read(private_dirs, monkeypatch) -> None:
    parsed = load_catalog()
    monkeypatch.setattr(parse_cache, "_MAX_ENTRY_BYTES", 1000)
    assert parse_cache.read_cached_catalog(_entry(private_dirs).stem[len("catalog-"):]) is None
    assert load_catalog() == parsed


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes are POSIX")
def test_a_key_others_can_read_is_not_used(private_dirs, monkeypatch) -> None:
    load_catalog()
    key = private_dirs / "state" / "sespolicy" / "catalog-cache.key"
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    assert parse_cache._signing_key(create=False) is None
    key.chmod(0o600)
    assert parse_cache._signing_key(create=False) is not None


def test_an_unwritable_key_folder_means_no_cache_not_an_error(private_dirs, monkeypatch) -> None:
    (private_dirs / "state").write_text("a file where the key folder would go", encoding="utf-8")
    assert len(load_catalog()) > 30
    assert not list((private_dirs / "cache").glob("**/catalog-*.json"))


def test_parse_cache_imports_without_the_catalog() -> None:
    """No import cycle: the cache module stands on the Rule records alone."""
    code = (
        "import sys, sespolicy.policy.parse_cache; "
        "assert 'sespolicy.policy.catalog' not in sys.modules, 'parse_cache imports catalog'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
