"""Getting raw bytes from a path or from stdin, with one-line errors for what a user can fix."""

from __future__ import annotations

import os
import sys
from typing import BinaryIO

from sespolicy.errors import InputError, UsageError

HOW_TO_PRODUCE = "`terraform show -json tfplan`"


# Parsed JSON takes several times the memory of its text: a cap on the input bounds the run.
# 50,000 resources are about 65 MB; a larger estate can raise it with SESPOLICY_MAX_INPUT_MB.
DEFAULT_MAX_INPUT_MB = 1024
MAX_INPUT_VARIABLE = "SESPOLICY_MAX_INPUT_MB"


def max_input_bytes() -> int:
    """The most bytes one input may have ($SESPOLICY_MAX_INPUT_MB, else 1024 MB)."""
    text = os.environ.get(MAX_INPUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_MAX_INPUT_MB << 20
    try:
        megabytes = int(text)
    except ValueError:
        megabytes = 0
    if megabytes <= 0:
        raise UsageError(
            f"{MAX_INPUT_VARIABLE}={text[:20]!r}: give a whole number of megabytes, e.g. 2048"
        )
    return megabytes << 20


def _too_large(source: str, limit: int) -> InputError:
    return InputError(
        f"{source}: is larger than the {limit >> 20} MB sespolicy reads by default; if this "
        f"really is one plan, set {MAX_INPUT_VARIABLE} to a larger number of megabytes"
    )


def read_path(path: str) -> bytes:
    """Read one file; the path must exist and be a regular, readable file of bounded size."""
    limit = max_input_bytes()
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # a FIFO or /dev/zero has no size to check first
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
    if len(raw) > limit:
        raise _too_large(path, limit)
    return raw


def read_stdin(stdin: BinaryIO | None) -> bytes:
    """Read all of stdin; refuse to wait on an interactive terminal that nobody will type into."""
    if stdin is None:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(
                f"no input on stdin: pipe {HOW_TO_PRODUCE} into sespolicy or give a path"
            )
        stdin = sys.stdin.buffer
    limit = max_input_bytes()
    try:
        raw = stdin.read(limit + 1)
    except OSError as problem:
        raise InputError(f"stdin cannot be read ({problem.strerror or problem})") from None
    if len(raw) > limit:
        raise _too_large("<stdin>", limit)
    return raw
