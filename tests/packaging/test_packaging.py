"""The explicit package list in pyproject.toml covers every package folder, and a wheel built
from the repo carries the rule catalog and the data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
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


def _build_wheel(tmp_path: Path) -> Path:
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
    return wheel


@pytest.mark.slow  # builds a wheel
def test_wheel_contains_policies_and_data(tmp_path) -> None:
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for feature in (ROOT / "policies").glob("*.feature"):
        assert f"sespolicy/policies/{feature.name}" in names
    assert "sespolicy/data/ses-regions.json" in names
    assert any(name.startswith("sespolicy/data/provider/") for name in names)


@pytest.mark.slow  # builds a wheel
def test_installed_wheel_runs_the_catalog_outside_the_checkout(tmp_path) -> None:
    """A plain (non-editable) install finds its policies: what pre-commit and the Action use."""
    wheel = _build_wheel(tmp_path / "dist")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import sespolicy, sespolicy.policy.catalog as c;"
        "assert sespolicy.__file__.startswith(sys.argv[1]), sespolicy.__file__;"
        "print(c.builtin_policy_dir()); print(len({r.info.rule_id for r in c.load_catalog()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "SESPOLICY_NO_CACHE": "1", "HOME": str(tmp_path)},
    )
    policy_dir, rule_count = result.stdout.split()
    assert policy_dir.startswith(str(target))
    from sespolicy.policy.catalog import load_catalog

    assert int(rule_count) == len({rule.info.rule_id for rule in load_catalog()})
