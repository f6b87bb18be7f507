"""Shared helpers for the integration tests (a uniquely named module, not conftest imports:
the test folders have no __init__.py, so pytest puts this folder on sys.path)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from yaml_subset_reader import read_yaml_subset

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def read_repo_yaml(name: str) -> object:
    return read_yaml_subset((REPO / name).read_text(encoding="utf-8"))


def path_with_sespolicy(folder: Path) -> dict[str, str]:
    """An environment whose PATH finds a `sespolicy` command running this checkout's code
    with this interpreter, as the hook's or the action's installed console script would."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "sespolicy"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sespolicy "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("AWS_REGION", "AWS_DEFAULT_REGION")
    }
    environment["PATH"] = f"{folder}{os.pathsep}{environment.get('PATH', '')}"
    environment["PYTHONPATH"] = str(REPO)
    return environment
