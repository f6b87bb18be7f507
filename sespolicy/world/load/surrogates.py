"""Refusing lone UTF-16 surrogates: JSON escapes such as `"\\udc80"` that encode no character.

Python's json module reads `"\\ud800"` into a str holding half of a UTF-16 pair; such a string
cannot be written as UTF-8, so it would break every report and log line it reaches. Terraform
never writes one (Go encodes invalid text as U+FFFD), so an input holding one was edited or
crafted: it is refused with the JSON path of the first such string.
"""

from __future__ import annotations

import re
from typing import Any

from sespolicy.errors import InputError
from sespolicy.world.load.schema import format_path
from sespolicy.world.load.sniff import SHOW_JSON

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_lone_surrogates(data: Any, source: str) -> None:
    """Raise InputError naming the first key or string of `data` with a lone surrogate."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, str):
            if _LONE_SURROGATE.search(node):
                _refuse(path, source)
        elif isinstance(node, dict):
            for key, child in node.items():
                if _LONE_SURROGATE.search(key):
                    _refuse((*path, "(a key)"), source)
                if isinstance(child, (str, dict, list)):
                    stack.append((child, (*path, key)))
        elif isinstance(node, list):
            stack.extend(
                (child, (*path, position))
                for position, child in enumerate(node)
                if isinstance(child, (str, dict, list))
            )


def _refuse(path: tuple[Any, ...], source: str) -> None:
    where = format_path(_printable(part) for part in path)
    raise InputError(
        f"{source}: {where}: holds a lone UTF-16 surrogate (a `\\udXXX` escape with no pair), "
        f"which is not text and which Terraform never writes; give the output of {SHOW_JSON}"
    )


def _printable(part: Any) -> Any:
    """A path part fit for a message: a key with a surrogate is named by its position only."""
    if isinstance(part, str) and _LONE_SURROGATE.search(part):
        return "(a key with a lone surrogate)"
    return part
