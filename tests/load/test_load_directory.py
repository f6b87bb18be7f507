"""A directory argument goes to sespolicy.hcl when this build has it, else a clear refusal."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from sespolicy.errors import InputError
from sespolicy.world.load import load_documents
from sespolicy.world.load.directory import hash_tf_files


def write_configuration(root: Path) -> Path:
    (root / "main.tf").write_text('resource "aws_sesv2_email_identity" "x" {}\n')
    (root / "modules" / "mail").mkdir(parents=True)
    (root / "modules" / "mail" / "main.tf").write_text('variable "domain" {}\n')
    return root


@pytest.fixture
def fake_hcl(monkeypatch):
    calls: list[str] = []

    def load_directory(path: str) -> dict:
        calls.append(path)
        return {"format_version": "1.2", "planned_values": {"root_module": {}}}

    module = types.ModuleType("sespolicy.hcl")
    module.load_directory = load_directory  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sespolicy.hcl", module)
    return calls


def test_directory_without_the_hcl_module_is_refused_with_advice(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sespolicy.hcl", None)  # import now fails as if absent
    with pytest.raises(InputError) as raised:
        load_documents([str(write_configuration(tmp_path))])
    assert str(raised.value) == (
        "reading .tf directories is not available in this build; run terraform plan and pass "
        "`terraform show -json` output"
    )


def test_hcl_module_without_load_directory_is_refused_the_same_way(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sespolicy.hcl", types.ModuleType("sespolicy.hcl"))
    with pytest.raises(InputError, match="not available in this build"):
        load_documents([str(tmp_path)])


def test_directory_is_read_by_the_hcl_module(tmp_path, fake_hcl):
    directory = str(write_configuration(tmp_path))
    (document,) = load_documents([directory])
    assert fake_hcl == [directory]
    assert document.kind == "hcl"
    assert document.source == directory
    assert document.data["planned_values"] == {"root_module": {}}
    assert document.format_version == "1.2"
    assert document.sha256 == hash_tf_files(tmp_path)


def test_tf_hash_changes_with_any_tf_file_but_not_with_terraform_cache(tmp_path):
    write_configuration(tmp_path)
    before = hash_tf_files(tmp_path)
    (tmp_path / ".terraform" / "modules").mkdir(parents=True)
    (tmp_path / ".terraform" / "modules" / "cached.tf").write_text("# cache\n")
    (tmp_path / "notes.txt").write_text("not configuration\n")
    assert hash_tf_files(tmp_path) == before
    (tmp_path / "modules" / "mail" / "main.tf").write_text('variable "domain2" {}\n')
    assert hash_tf_files(tmp_path) != before


def test_renaming_a_tf_file_changes_the_hash(tmp_path):
    write_configuration(tmp_path)
    before = hash_tf_files(tmp_path)
    (tmp_path / "main.tf").rename(tmp_path / "ses.tf")
    assert hash_tf_files(tmp_path) != before
