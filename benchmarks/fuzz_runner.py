"""The sespolicy command line run in-process: captured streams, a time limit, crash classes.

A fuzzing run feeds thousands of inputs to `sespolicy.cli.main`; starting a process for each
would take hours, so every input runs in this process with stdin, stdout and stderr replaced by
in-memory streams that encode as the real ones do (UTF-8, strict: a lone surrogate written to
stdout fails here exactly as it fails on a terminal or a pipe).

The contract every input must keep: exit code 0, 1 or 2; on 2 exactly one line on stderr; no
traceback; finished within the time limit. Anything else is a `Crash`, classified by what went
wrong and the innermost frame inside the sespolicy package, so that a thousand inputs hitting
one bug count as one crash class.
"""

from __future__ import annotations

import io
import os
import pickle
import re
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from sespolicy import cli

ALLOWED_EXIT_CODES = (0, 1, 2)
_PACKAGE_FRAME = re.compile(
    r'File "(?P<file>[^"]*[/\\]sespolicy[/\\][^"]+)", line \d+, in (?P<name>\S+)'
)
_EXCEPTION_LINE = re.compile(
    r"^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))\b"
)


@dataclass(frozen=True)
class Crash:
    """A broken contract: what happened and where in sespolicy (its class), with one example."""

    kind: str  # an exception type, "timeout", "exit code 7" or "exit 2 with 3 stderr lines"
    frame: str  # innermost sespolicy frame, "sespolicy/world/graph.py:_resolve", or "-"
    detail: str  # the first line of the message, for the report

    @property
    def crash_class(self) -> tuple[str, str]:
        return (self.kind, self.frame)


@dataclass(frozen=True)
class CliResult:
    exit_code: int | None  # None when the run crashed or ran out of time
    stdout: str
    stderr: str
    crash: Crash | None


class TimeLimitExceeded(BaseException):
    """Raised inside the run when its time is up (a BaseException: `except Exception` in the
    code under test must not swallow it)."""


def run_cli(
    argv: Sequence[str],
    stdin: bytes = b"",
    time_limit: float | None = None,
    environment: Mapping[str, str] | None = None,
) -> CliResult:
    """Run `sespolicy ARGV` in this process and check the exit-code contract."""
    out, err = io.BytesIO(), io.BytesIO()
    exit_code: int | None = None
    crash: Crash | None = None
    try:
        with _streams(stdin, out, err), _environment(environment or {}), _deadline(time_limit):
            exit_code = _exit_code_of(argv)
    except TimeLimitExceeded as stopped:
        crash = _crash_from_exception(stopped, kind="timeout")
    except (Exception, KeyboardInterrupt) as problem:  # classifying them is the job
        crash = _crash_from_exception(problem)
    stdout = out.getvalue().decode("utf-8", "replace")
    stderr = err.getvalue().decode("utf-8", "replace")
    if crash is None:
        crash = _broken_contract(exit_code, stderr)
    return CliResult(exit_code if crash is None else None, stdout, stderr, crash)


def run_cli_isolated(
    argv: Sequence[str],
    stdin: bytes = b"",
    time_limit: float = 10.0,
    environment: Mapping[str, str] | None = None,
    memory_mb: int | None = None,
) -> CliResult:
    """`run_cli` in a forked copy of this process (POSIX), so that an input that exhausts
    memory or leaves state behind cannot spoil the inputs after it. The child inherits every
    imported module, so this costs a fork, not an interpreter start. Without fork, it is
    `run_cli` itself."""
    if not hasattr(os, "fork"):
        return run_cli(argv, stdin, time_limit, environment)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.close(reader)
        _child_main(writer, argv, stdin, time_limit, environment, memory_mb)
    os.close(writer)
    payload = _read_all(reader, deadline=time.monotonic() + time_limit + _GRACE_SECONDS)
    if payload is None:
        os.kill(child, signal.SIGKILL)
    _, status = os.waitpid(child, 0)
    if payload:
        with suppress(Exception):  # a child that died mid-write is reported below
            return pickle.loads(payload)
    if payload is None:
        return CliResult(None, "", "", Crash("timeout", "-", "killed: no result in time"))
    return CliResult(None, "", "", Crash(f"child died ({_status_text(status)})", "-", ""))


_GRACE_SECONDS = 5.0


def _child_main(
    writer: int,
    argv: Sequence[str],
    stdin: bytes,
    time_limit: float,
    environment: Mapping[str, str] | None,
    memory_mb: int | None,
) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        if memory_mb is not None:
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        result = run_cli(argv, stdin, time_limit, environment)
        # Only the fields the harness reads travel back; the streams can be large.
        small = CliResult(
            result.exit_code, result.stdout[:2000], result.stderr[:2000], result.crash
        )
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(small))
    except BaseException:  # the parent reports a child that died
        code = 70
    finally:
        os._exit(code)


def _read_all(descriptor: int, deadline: float) -> bytes | None:
    """Everything written to the pipe until it closes; None when the deadline passes first."""
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(descriptor, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(descriptor)


def _status_text(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _exit_code_of(argv: Sequence[str]) -> int:
    try:
        return int(cli.main(list(argv)))
    except SystemExit as leaving:  # argparse leaves through sys.exit
        code = leaving.code
        return code if isinstance(code, int) else (0 if code is None else 2)


def _broken_contract(exit_code: int | None, stderr: str) -> Crash | None:
    if "Traceback (most recent call last)" in stderr:
        return _crash_from_text(stderr)
    lines = stderr.splitlines()
    if exit_code not in ALLOWED_EXIT_CODES:
        return Crash(f"exit code {exit_code}", "-", (lines[-1] if lines else "")[:300])
    if exit_code == 2 and len(lines) != 1:
        return Crash(f"exit 2 with {len(lines)} stderr lines", "-", " | ".join(lines)[:300])
    if "internal error" in stderr.lower():
        return Crash("internal error", "-", stderr.strip()[:300])
    return None


def _crash_from_exception(problem: BaseException, kind: str | None = None) -> Crash:
    frames = traceback.extract_tb(problem.__traceback__)
    inside = [f for f in frames if _is_package_file(f.filename)]
    frame = f"{_package_path(inside[-1].filename)}:{inside[-1].name}" if inside else "-"
    message = str(problem).splitlines()[0] if str(problem) else ""
    return Crash(kind or type(problem).__name__, frame, message[:300])


def _crash_from_text(stderr: str) -> Crash:
    """Classify a traceback printed by the command itself (e.g. with SESPOLICY_DEBUG=1)."""
    frames = list(_PACKAGE_FRAME.finditer(stderr))
    frame = f"{_package_path(frames[-1]['file'])}:{frames[-1]['name']}" if frames else "-"
    kind, detail = "traceback", ""
    for line in reversed(stderr.splitlines()):
        found = _EXCEPTION_LINE.match(line)
        if found:
            kind, detail = found["type"].rsplit(".", 1)[-1], line
            break
    return Crash(kind, frame, detail[:300])


def _is_package_file(filename: str) -> bool:
    normalised = filename.replace("\\", "/")
    return "/sespolicy/" in normalised and "/benchmarks/" not in normalised


def _package_path(filename: str) -> str:
    normalised = filename.replace("\\", "/")
    return "sespolicy/" + normalised.rsplit("/sespolicy/", 1)[-1]


@contextmanager
def _streams(stdin: bytes, out: io.BytesIO, err: io.BytesIO) -> Iterator[None]:
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with suppress(ValueError, UnicodeError):
                stream.flush()  # what cannot be encoded was already reported as the crash
            stream.detach()  # keep the BytesIO open for reading
        sys.stdin, sys.stdout, sys.stderr = saved


@contextmanager
def _environment(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Interrupt the run after `seconds` (main thread, POSIX: SIGALRM); no limit otherwise."""
    if seconds is None or not hasattr(signal, "setitimer") or not _in_main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise TimeLimitExceeded(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
