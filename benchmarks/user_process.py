"""Run sespolicy as a new process the way a user's installation runs it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def sespolicy_command() -> list[str]:
    """The installed entry point next to this interpreter (no shell shims), else the module."""
    beside = Path(sys.executable).parent / "sespolicy"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("sespolicy")
    return [found] if found else [sys.executable, "-m", "sespolicy"]


def user_environment() -> dict[str, str]:
    """This environment, minus PYTHONDONTWRITEBYTECODE: an installed package has its bytecode
    compiled (pip does it at install), so a user's start-up does not compile every module; with
    the variable set, as on some CI images, each run recompiles them (about 70 ms here)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
