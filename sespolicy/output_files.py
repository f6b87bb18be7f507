"""Every file sespolicy writes (`--output`, `docs --out`, `baseline --out`, `plan --out`, its
caches): checked before anything is written, then written whole or not at all.

A CI gate that writes half a SARIF file, overwrites the plan it was asked to judge, blocks
forever on a FIFO or dies with a traceback after the report went to stdout cannot be trusted.
So every destination is checked first — its folder exists and accepts a new file (probed by
really creating one), it is not a folder, a FIFO or a device, it is not one of the inputs, and
no two outputs name the same file — and only then is anything written. Files are written to a
temporary file beside the destination and renamed over it, so a reader sees the old file or
the new one, never a part.

Two special destinations are streams, not files: the process's own stdout / stderr (e.g.
`--output sarif=/dev/stdout`) and the null device; they are written directly.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TextIO

from sespolicy.display import escape_text
from sespolicy.errors import OutputError, UsageError

_TEMPORARY_SUFFIX = ".tmp"


class Sink(Enum):
    FILE = "file"
    STDOUT = "stdout"
    STDERR = "stderr"
    DISCARD = "discard"


@dataclass(frozen=True)
class OutputFile:
    """A checked destination: `shown` is how the user wrote it (for messages)."""

    shown: str
    path: Path  # the file to replace (symbolic links followed), or the stream's path
    sink: Sink
    option: str  # e.g. "--output sarif=report.sarif", for messages


def _said(option: str, shown: str) -> str:
    return f"{option}: {escape_text(shown)}"


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _stream_of(status: os.stat_result) -> Sink | None:
    """STDOUT / STDERR when `status` is this process's own stdout / stderr."""
    for sink, descriptor in ((Sink.STDOUT, 1), (Sink.STDERR, 2)):
        with suppress(OSError, ValueError):
            if _same_file(status, os.fstat(descriptor)):
                return sink
    return None


def check_output_file(path_text: str, option: str) -> OutputFile:
    """One destination, checked; OutputError (exit 2, one line) saying what is wrong."""
    if not path_text:
        raise UsageError(f"{option}: the path is empty; name the file to write")
    path = Path(path_text)
    try:
        status = path.stat()
    except FileNotFoundError:
        status = None
    except OSError as problem:
        raise OutputError(
            f"{_said(option, path_text)}: cannot be used ({problem.strerror or problem})"
        ) from None
    if status is not None:
        stream = _stream_of(status)
        if stream is not None:
            return OutputFile(path_text, path, stream, option)
        if stat.S_ISCHR(status.st_mode) and _is_null_device(status):
            return OutputFile(path_text, path, Sink.DISCARD, option)
        if stat.S_ISDIR(status.st_mode):
            raise OutputError(
                f"{_said(option, path_text)}: is a folder; name a file inside it instead"
            )
        if not stat.S_ISREG(status.st_mode):
            raise OutputError(
                f"{_said(option, path_text)}: is {_kind_of(status.st_mode)}, not a regular "
                "file; reports are written to regular files (or /dev/stdout)"
            )
        target = path.resolve()
    else:
        if path.is_symlink():
            raise OutputError(
                f"{_said(option, path_text)}: is a symbolic link to a file that does not exist; "
                "name the file itself"
            )
        target = path.absolute()
    folder = target.parent
    if not folder.exists():
        raise OutputError(
            f"{_said(option, path_text)}: the folder {escape_text(str(path.parent))} does not "
            "exist; create it first"
        )
    if not folder.is_dir():
        raise OutputError(
            f"{_said(option, path_text)}: {escape_text(str(path.parent))} is not a folder"
        )
    _probe_folder(folder, option, path_text)
    if status is not None and not os.access(target, os.W_OK):
        raise OutputError(f"{_said(option, path_text)}: no permission to replace this file")
    return OutputFile(path_text, target, Sink.FILE, option)


def _is_null_device(status: os.stat_result) -> bool:
    with suppress(OSError):
        return _same_file(status, os.stat(os.devnull))
    return False


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), which would block until something reads it"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _probe_folder(folder: Path, option: str, path_text: str) -> None:
    """Create and remove a file in `folder`: the only check that knows about read-only
    file systems, ACLs and root squash, and what the write itself will need."""
    try:
        descriptor, probe = tempfile.mkstemp(
            prefix=".sespolicy-", suffix=_TEMPORARY_SUFFIX, dir=folder
        )
    except OSError as problem:
        reason = (
            "no permission to create files there"
            if isinstance(problem, PermissionError)
            else (problem.strerror or str(problem))
        )
        raise OutputError(
            f"{_said(option, path_text)}: cannot write into {escape_text(str(folder))}: {reason}"
        ) from None
    os.close(descriptor)
    with suppress(OSError):
        os.unlink(probe)


def check_output_files(
    requested: Sequence[tuple[str, str]],
    inputs: Iterable[str | os.PathLike[str]] = (),
    stdout_taken_by: str | None = None,
) -> list[OutputFile]:
    """Check every (option, path) destination, then that no two share a file or a stream and
    none is one of `inputs` (files the run reads). `stdout_taken_by` names what already
    writes to stdout (e.g. "the --format report"), so an output to /dev/stdout is refused
    rather than mixed into it."""
    checked = [check_output_file(path, option) for option, path in requested]
    _refuse_inputs(checked, inputs)
    seen: dict[object, str] = {}
    if stdout_taken_by is not None:
        seen[Sink.STDOUT] = stdout_taken_by
    for output in checked:
        if output.sink is Sink.DISCARD or output.sink is Sink.STDERR:
            continue
        key: object = output.sink if output.sink is Sink.STDOUT else output.path
        if key in seen:
            raise UsageError(
                f"{output.option} and {escape_text(seen[key])} write to the same "
                f"{'stream' if key is Sink.STDOUT else 'file'}; give each report its own path"
            )
        seen[key] = output.option
    return checked


def _refuse_inputs(checked: list[OutputFile], inputs: Iterable[str | os.PathLike[str]]) -> None:
    read: list[tuple[str, os.stat_result]] = []
    for item in inputs:
        with suppress(OSError):
            status = os.stat(item)
            if stat.S_ISREG(status.st_mode):
                read.append((os.fspath(item), status))
    for output in checked:
        if output.sink is not Sink.FILE:
            continue
        with suppress(OSError):
            status = output.path.stat()
            for name, read_status in read:
                if _same_file(status, read_status):
                    raise UsageError(
                        f"{_said(output.option, output.shown)}: is {escape_text(name)}, which "
                        "this run reads; write the report somewhere else"
                    )


def write_output(output: OutputFile, text: str) -> None:
    """Write `text` (UTF-8) to a checked destination; a file is replaced whole or not at all."""
    data = text.encode("utf-8", errors="backslashreplace")
    if output.sink is Sink.DISCARD:
        return
    if output.sink in (Sink.STDOUT, Sink.STDERR):
        stream = sys.stdout if output.sink is Sink.STDOUT else sys.stderr
        write_stream(stream, text)
        return
    write_file_atomically(output.path, data, output.option)


def write_stream(stream: TextIO, text: str) -> None:
    """Write text to a stream (stdout, stderr) that may not be UTF-8: what it cannot encode is
    written as backslash escapes instead of raising UnicodeEncodeError.

    BrokenPipeError (the reader went away) propagates for the caller to decide; any other
    failure (a full disk behind `> file`, /dev/full) is an OutputError.
    """
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a StringIO under test, or a replaced stream
            stream.write(text)
            return
        stream.flush()
        encoding = getattr(stream, "encoding", None) or "utf-8"
        buffer.write(text.encode(encoding, errors="backslashreplace"))
        buffer.flush()
    except BrokenPipeError:
        silence(stream)
        raise
    except OSError as problem:
        silence(stream)
        name = str(getattr(stream, "name", "the output stream")).strip("<>")  # <stdout>
        raise OutputError(f"cannot write to {name} ({problem.strerror or problem})") from None


def silence(stream: TextIO) -> None:
    """Point the stream's descriptor at the null device, so the interpreter's final flush
    cannot fail a second time with a traceback-like notice."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def write_file_atomically(path: Path, data: bytes, option: str) -> None:
    """Replace `path` with `data` (see `replace_file`); OutputError naming `option` if not."""
    try:
        replace_file(path, data)
    except OSError as problem:
        raise OutputError(
            f"{_said(option, str(path))}: cannot be written ({problem.strerror or problem}); "
            "the file was left as it was"
        ) from None


def replace_file(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`, keeping the old
    file's permissions: a reader sees the old file or the new one, never a part. OSError when
    it cannot be done; the file is then left as it was and no temporary file remains."""
    mode = _mode_for(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX, dir=path.parent
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets what open() would give it."""
    with suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
