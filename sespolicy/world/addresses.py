"""Terraform address arithmetic: instance keys, module paths, reference strings.

Terraform writes instance addresses such as `module.mail["eu"].aws_sns_topic.bounces[0]`;
configuration addresses are the same without instance keys (`module.mail.aws_sns_topic.bounces`).
Keys are quoted strings (which may contain dots and brackets) or integers, so a tokenizer that
understands quotes is needed rather than `str.split(".")`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[0-9]+|\*)\]')
_PLAIN_ADDRESS = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*")
_STEP = re.compile(r'([A-Za-z_][A-Za-z0-9_-]*)((?:\[(?:"(?:[^"\\]|\\.)*"|[0-9]+|\*)\])?)')

InstanceKey = int | str | None


def strip_instance_keys(address: str) -> str:
    """`module.a["x"].aws_t.n[0]` -> `module.a.aws_t.n`."""
    if "[" not in address:
        return address
    return _INSTANCE_KEY.sub("", address)


def format_key(key: InstanceKey) -> str:
    """The bracketed suffix Terraform writes for an instance key."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key)}]"


# count and for_each instances are numbered from 0 by Terraform; an index longer than this
# is no instance of anything (and Python refuses int() of more than 4,300 digits).
_MAX_INDEX_DIGITS = 18


class _UnreadableKey(ValueError):
    """An instance key Terraform never writes: `["\\q"]`, an index of 5,000 digits."""


def parse_key(text: str) -> InstanceKey:
    """`[0]` -> 0, `["eu"]` -> "eu", `` -> None; _UnreadableKey for what Terraform never writes."""
    if not text:
        return None
    inner = text[1:-1]
    if inner.startswith('"'):
        try:
            key = json.loads(inner)
        except ValueError:
            raise _UnreadableKey(text) from None
        if not isinstance(key, str):
            raise _UnreadableKey(text)
        return key
    if inner == "*":
        return "*"
    if len(inner) > _MAX_INDEX_DIGITS:
        raise _UnreadableKey(text)
    return int(inner)


@dataclass(frozen=True)
class Step:
    """One dot-separated step of an address with its optional instance key."""

    name: str
    key: InstanceKey


# Addresses longer than this are tokenized without memoising: the memo would keep a copy of
# every long key, and real addresses are far shorter.
_MEMO_MAX_LENGTH = 512


def _tokenize(address: str) -> tuple[tuple[Step, int], ...]:
    """Name steps of an address with the offset where each ends, keeping quoted keys whole."""
    if "[" not in address and _PLAIN_ADDRESS.fullmatch(address):
        # Most references have no instance keys: a plain split is several times faster.
        steps = []
        end = -1
        for name in address.split("."):
            end += len(name) + 1
            steps.append((Step(name, None), end))
        return tuple(steps)
    found: list[tuple[Step, int]] = []
    position = 0
    length = len(address)
    while position < length:
        match = _STEP.match(address, position)
        if match is None:
            # Anything we cannot tokenize (an expression Terraform did not reduce) ends the
            # address; callers treat the remainder as opaque.
            break
        try:
            key = parse_key(match.group(2))
        except _UnreadableKey:
            break  # so does a key Terraform never writes
        found.append((Step(match.group(1), key), match.end()))
        position = match.end()
        if position < length and address[position] == ".":
            position += 1
        else:
            break
    return tuple(found)


@lru_cache(maxsize=65536)
def _memoised_steps(address: str) -> tuple[Step, ...]:
    return tuple(step for step, _end in _tokenize(address))


def split_steps(address: str) -> list[Step]:
    """Tokenize an address or reference into name steps, keeping quoted keys whole.

    Memoised: count/for_each instances repeat the same references thousands of times.
    """
    if len(address) > _MEMO_MAX_LENGTH:
        return [step for step, _end in _tokenize(address)]
    return list(_memoised_steps(address))


def join_steps(steps: list[Step]) -> str:
    return ".".join(f"{step.name}{format_key(step.key)}" for step in steps)


def module_instance_parent(module_address: str) -> str:
    """The module instance that called `module_address` ("" for the root)."""
    steps = split_steps(module_address)
    return join_steps(steps[:-2]) if len(steps) >= 2 else ""


def module_instance_ancestors(module_address: str) -> list[str]:
    """`module.a["x"].module.b` -> [`module.a["x"]`, `module.a["x"].module.b`].

    Every module instance on the way from the root, outermost first, as slices of the address
    itself: one pass, where calling module_instance_parent per level would tokenize (and
    memoise) every prefix again, quadratic in the address's length.
    """
    tokens = _tokenize(module_address)
    return [
        module_address[: tokens[index + 1][1]]
        for index in range(0, len(tokens) - 1, 2)
        if tokens[index][0].name == "module"
    ]


def module_depth_exceeds(address: str, limit: int) -> bool:
    """True when `address` names more than `limit` nested module calls (cheap when it does
    not: counting `module.` bounds the depth from above)."""
    if address.count("module.") <= limit:
        return False
    tokens = _tokenize(address)
    depth = 0
    while 2 * depth + 1 < len(tokens) and tokens[2 * depth][0].name == "module":
        depth += 1
    return depth > limit


def module_config_path(module_address: str) -> str:
    """`module.a["x"].module.b` -> `module.a.module.b` (the configuration path)."""
    return strip_instance_keys(module_address)


def resource_local_address(mode: str, resource_type: str, name: str) -> str:
    """The module-relative configuration address of a resource."""
    prefix = "data." if mode == "data" else ""
    return f"{prefix}{resource_type}.{name}"


def join_module(module_address: str, local: str) -> str:
    return f"{module_address}.{local}" if module_address else local
