"""A cache of parsed policy catalogs that cannot switch the gate off.

Parsing .feature files needs pytest-bdd, and importing it (it imports pytest) costs about a third
of a small `sespolicy eval`; so a catalog parsed once is kept under $XDG_CACHE_HOME/sespolicy/.
A cache folder is not trusted: CI systems save and restore it between jobs (actions/cache), so
whoever could write one job's cache could otherwise hand later runs a catalog of no rules or
lowered severities. An entry is therefore used only when all of this holds:

- it is named by, and states inside, the content hash of the policy files (with sespolicy's
  version and this format), so it answers only for those exact policies;
- it carries an HMAC-SHA256 of its content under a key kept *outside* the cache folder
  (`$XDG_STATE_HOME/sespolicy/catalog-cache.key`, mode 0600, made on first use), so an entry
  written without that key - edited by hand, or restored from another machine's cache - is
  ignored;
- every field has the type the Rule records declare, checked before any Rule is built.

Anything that does not verify costs one parse, never a rule: the policies are parsed again and
the entry rewritten.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from sespolicy import __version__
from sespolicy.cache_dir import user_cache_dir
from sespolicy.policy.rule import Rule

# Bump when the Rule shape or the way features become rules changes.
_FORMAT = 3
_KEY_BYTES = 32
# A parsed catalog is tens of kilobytes; a bigger entry is not ours and is not read.
_MAX_ENTRY_BYTES = 16 << 20
_KEY_FILE = "catalog-cache.key"


def _cache_dir() -> Path | None:
    if os.environ.get("SESPOLICY_NO_CACHE"):
        return None
    return user_cache_dir()


def _key_dir() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "sespolicy"


def catalog_key(paths: list[Path], displays: list[str]) -> str:
    """The content hash that names a catalog: every policy file's display name and bytes."""
    digest = hashlib.sha256(f"{__version__}:{_FORMAT}".encode())
    for path, display in zip(paths, displays, strict=True):
        name = display.encode("utf-8", "surrogateescape")
        content = path.read_bytes()
        # Lengths first, so no two different file lists can hash the same bytes.
        digest.update(len(name).to_bytes(8, "big") + name)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def read_cached_catalog(key: str) -> list[Rule] | None:
    """The rules cached for `key`, or None when there is no entry that verifies."""
    directory = _cache_dir()
    if directory is None:
        return None
    secret = _signing_key(create=False)
    if secret is None:
        return None
    raw = _read_bounded(directory / f"catalog-{key}.json")
    if raw is None:
        return None
    try:
        entry = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or set(entry) != {"format", "catalog", "rules", "signature"}:
        return None
    signature = entry.pop("signature")
    if entry["format"] != _FORMAT or entry["catalog"] != key or not isinstance(signature, str):
        return None
    if not hmac.compare_digest(signature, _sign(secret, entry)):
        return None
    try:
        return _decode_rules(entry["rules"])
    except _Malformed:
        return None


def write_cached_catalog(key: str, rules: list[Rule]) -> None:
    directory = _cache_dir()
    if directory is None:
        return
    secret = _signing_key(create=True)
    if secret is None:
        return  # no private place for a key: no cache, the policies are parsed every run
    entry: dict[str, Any] = {
        "format": _FORMAT,
        "catalog": key,
        "rules": [_encode(rule) for rule in rules],
    }
    entry["signature"] = _sign(secret, entry)
    from sespolicy.output_files import replace_file

    try:
        directory.mkdir(parents=True, exist_ok=True)
        replace_file(directory / f"catalog-{key}.json", json.dumps(entry).encode("utf-8"))
    except OSError:
        pass  # a read-only cache folder only costs the parse next time


# -- the signing key ---------------------------------------------------------------------------


def _signing_key(create: bool) -> bytes | None:
    """This user's key for cache entries, or None when none can be kept privately."""
    path = _key_dir() / _KEY_FILE
    secret = _read_private_key(path)
    if secret is not None or not create:
        return secret
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{_KEY_FILE}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
        # Two runs racing here each replace the key; entries signed with the loser's key then
        # fail to verify and are parsed again once, which is all a lost race costs.
        temporary.replace(path)
    except OSError:
        return None
    return _read_private_key(path)


def _read_private_key(path: Path) -> bytes | None:
    """The key, if it is a regular file of the right size that only this user can use."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size != _KEY_BYTES:
            return None
        if hasattr(os, "getuid") and (
            status.st_uid != os.getuid() or status.st_mode & 0o077
        ):
            return None  # someone else could have written or read it
        secret = handle.read(_KEY_BYTES + 1)
    return secret if len(secret) == _KEY_BYTES else None


def _sign(secret: bytes, entry: dict[str, Any]) -> str:
    canonical = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(secret, canonical.encode("ascii"), hashlib.sha256).hexdigest()


def _read_bounded(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= _MAX_ENTRY_BYTES else None


# -- Rule records to JSON and back, field by field -----------------------------------------------


class _Malformed(Exception):
    """A cache entry's content does not have the shape of the Rule records."""


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _encode(getattr(value, field.name)) for field in _fields(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    return value


def _decode_rules(raw: Any) -> list[Rule]:
    if not isinstance(raw, list):
        raise _Malformed
    return [_decode(Rule, item) for item in raw]


def _decode(expected: Any, raw: Any) -> Any:
    """`raw` (parsed JSON) as a value of the annotated type `expected`, or _Malformed."""
    origin = typing.get_origin(expected)
    if dataclasses.is_dataclass(expected):
        fields = _fields(expected)
        if not isinstance(raw, dict) or set(raw) != {field.name for field in fields}:
            raise _Malformed
        hints = _type_hints(expected)
        values = {field.name: _decode(hints[field.name], raw[field.name]) for field in fields}
        return expected(**values)
    if origin is tuple:
        item_type = typing.get_args(expected)[0]
        if not isinstance(raw, list):
            raise _Malformed
        return tuple(_decode(item_type, item) for item in raw)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(expected):
            try:
                return _decode(option, raw)
            except _Malformed:
                continue
        raise _Malformed
    if isinstance(expected, type) and issubclass(expected, Enum):
        try:
            return expected(raw)
        except ValueError:
            raise _Malformed from None
    if expected is type(None):
        if raw is not None:
            raise _Malformed
        return None
    if expected in (str, int, bool) and type(raw) is expected:
        return raw
    raise _Malformed


@functools.cache
def _type_hints(record: type) -> dict[str, Any]:
    return typing.get_type_hints(record)


@functools.cache
def _fields(record: type) -> tuple[dataclasses.Field, ...]:
    return tuple(field for field in dataclasses.fields(record) if field.init)
