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


def parse_key(text: str) -> InstanceKey:
    """`[0]` -> 0, `["eu"]` -> "eu", `` -> None."""
    if not text:
        return None
    inner = text[1:-1]
    if inner.startswith('"'):
        return json.loads(inner)
    if inner == "*":
        return "*"
    return int(inner)


@dataclass(frozen=True)
class Step:
    """One dot-separated step of an address with its optional instance key."""

    name: str
    key: InstanceKey


@lru_cache(maxsize=65536)
def _split_steps(address: str) -> tuple[Step, ...]:
    """Tokenize an address or reference into name steps, keeping quoted keys whole."""
    if "[" not in address and _PLAIN_ADDRESS.fullmatch(address):
        # Most references have no instance keys: a plain split is several times faster.
        return tuple(Step(name, None) for name in address.split("."))
    steps: list[Step] = []
    position = 0
    length = len(address)
    while position < length:
        match = _STEP.match(address, position)
        if match is None:
            # Anything we cannot tokenize (an expression Terraform did not reduce) ends the
            # address; callers treat the remainder as opaque.
            break
        steps.append(Step(match.group(1), parse_key(match.group(2))))
        position = match.end()
        if position < length and address[position] == ".":
            position += 1
        else:
            break
    return tuple(steps)


def split_steps(address: str) -> list[Step]:
    """Tokenize an address or reference into name steps, keeping quoted keys whole.

    Memoised: count/for_each instances repeat the same references thousands of times.
    """
    return list(_split_steps(address))


def join_steps(steps: list[Step]) -> str:
    return ".".join(f"{step.name}{format_key(step.key)}" for step in steps)


def module_instance_parent(module_address: str) -> str:
    """The module instance that called `module_address` ("" for the root)."""
    steps = split_steps(module_address)
    return join_steps(steps[:-2]) if len(steps) >= 2 else ""


def module_config_path(module_address: str) -> str:
    """`module.a["x"].module.b` -> `module.a.module.b` (the configuration path)."""
    return strip_instance_keys(module_address)


def resource_local_address(mode: str, resource_type: str, name: str) -> str:
    """The module-relative configuration address of a resource."""
    prefix = "data." if mode == "data" else ""
    return f"{prefix}{resource_type}.{name}"


def join_module(module_address: str, local: str) -> str:
    return f"{module_address}.{local}" if module_address else local
