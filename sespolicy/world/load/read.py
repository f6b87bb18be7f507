"""Getting raw bytes from a path or from stdin, with one-line errors for what a user can fix."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from sespolicy.errors import InputError

HOW_TO_PRODUCE = "`terraform show -json tfplan`"


def read_path(path: str) -> bytes:
    """Read one file; the path must exist and be a regular, readable file."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file; give the path of a file holding {HOW_TO_PRODUCE} output"
        ) from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; make the file readable") from None
    except IsADirectoryError:
        # Callers route directories elsewhere first; reaching here means a race or a special
        # file, so say plainly what was expected.
        raise InputError(f"{path}: is a directory, expected a JSON file") from None
    except OSError as problem:
        raise InputError(f"{path}: cannot be read ({problem.strerror or problem})") from None


def read_stdin(stdin: BinaryIO | None) -> bytes:
    """Read all of stdin; refuse to wait on an interactive terminal that nobody will type into."""
    if stdin is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(
                f"no input on stdin: pipe {HOW_TO_PRODUCE} into sespolicy or give a path"
            )
        stdin = sys.stdin.buffer
    try:
        return stdin.read()
    except OSError as problem:
        raise InputError(f"stdin cannot be read ({problem.strerror or problem})") from None
