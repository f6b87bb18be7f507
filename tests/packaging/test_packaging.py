"""The explicit package list in pyproject.toml covers every package folder, and a wheel built
from the repo carries the rule catalog and the data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]


def _configured_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_listed() -> None:
    folders = {
        ".".join(path.relative_to(ROOT).parts)
        for path in (ROOT / "sespolicy").rglob("*")
        if path.is_dir() and path.name != "__pycache__"
    } | {"sespolicy"}
    assert folders | {"sespolicy.policies"} == _configured_packages()


def test_wheel_contains_policies_and_data(tmp_path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("sespolicy-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for feature in (ROOT / "policies").glob("*.feature"):
        assert f"sespolicy/policies/{feature.name}" in names
    assert "sespolicy/data/ses-regions.json" in names
    assert any(name.startswith("sespolicy/data/provider/") for name in names)
