"""Files `sespolicy plan` writes: checked before the run, written whole or not at all.

An output path is refused before Terraform starts when writing it would damage the input (a
file of the configuration — a plan JSON an earlier run left there excepted —, a variables file,
a name Terraform would read as configuration), when it could never be written (a directory, a
missing folder, a FIFO that would block forever, a device), or when two outputs name it. The
write itself goes through a temporary file beside the target, so an interrupted run leaves
either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from sespolicy.errors import UsageError
from sespolicy.provider.configscan import ConfigurationFacts
from sespolicy.provider.workspace import is_terraform_file


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder (OSError on failure)."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".partial", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_output_paths(
    outputs: Sequence[tuple[str, Path]],
    facts: ConfigurationFacts,
    var_files: Iterable[Path],
) -> None:
    """Refuse, with one line, any output that would damage an input or cannot be written.

    `outputs` pairs each path with the option that names it (`--out`, `--output sarif=`)."""
    inputs = {Path(os.path.realpath(p)): "a --var-file" for p in var_files}
    input_roots = [facts.root, *facts.module_dirs, *facts.referenced_paths]
    seen: dict[Path, str] = {}
    for option, path in outputs:
        real = Path(os.path.realpath(path))
        if real in seen:
            raise UsageError(f"{option} {path} is also the path of {seen[real]}; give each its own")
        seen[real] = f"{option} {path}"
        if real in inputs:
            raise UsageError(f"{option} {path} is {inputs[real]} of this plan; write elsewhere")
        _check_writable(option, path, real)
        inside = next((root for root in input_roots if real == root or root in real.parents), None)
        if inside is not None and (
            is_terraform_file(real.name) or (real.exists() and not _is_earlier_plan(real))
        ):
            raise UsageError(
                f"{option} {path} would overwrite the configuration being planned "
                f"(it is in {inside}); write it outside the configuration"
            )


def _is_earlier_plan(path: Path) -> bool:
    """A plan JSON an earlier run wrote there: replacing it is what the user asks for.
    (Only called for a regular file: a FIFO would block the read.)"""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return (
        head.lstrip().startswith(b"{")
        and b'"format_version"' in head
        and (b'"terraform_version"' in head)
    )


def _check_writable(option: str, path: Path, real: Path) -> None:
    try:
        info = real.stat()
    except FileNotFoundError:
        info = None
    except OSError as problem:
        raise UsageError(f"{option} {path}: {problem.strerror}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{option} {path} is a directory; give a file path")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise UsageError(f"{option} {path} is not a regular file (a FIFO or device); give a file")
    folder = real.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (
        info is not None and not os.access(real, os.W_OK)
    ):
        raise UsageError(f"{option} {path} cannot be written: permission denied")
