"""Reading attribute paths such as `s3_action[0].kms_key_arn` out of plan values.

The same path addresses three parallel structures Terraform writes for a resource: its values,
its `after_unknown` marks and its sensitivity marks. A mark may sit on any prefix of a path
(`after_unknown: {"s3_action": true}` covers everything under it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
PathStep = str | int


@lru_cache(maxsize=4096)
def parse_path(path: str) -> tuple[PathStep, ...]:
    """`s3_action[0].kms_key_arn` -> ("s3_action", 0, "kms_key_arn"); memoised."""
    return tuple(name if name else int(position) for name, position in _PATH_STEP.findall(path))


def format_path(steps: Sequence[PathStep]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def get_path(value: Any, path: str | Sequence[PathStep], default: Any = None) -> Any:
    steps = parse_path(path) if isinstance(path, str) else path
    current = value
    for step in steps:
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return default
            current = current[step]
        else:
            if not isinstance(current, dict) or step not in current:
                return default
            current = current[step]
    return current


def is_marked(marks: Any, path: str | Sequence[PathStep]) -> bool:
    """True when an after_unknown/sensitive structure marks the path or any prefix of it."""
    return _marks_at(marks, path) is True


def iter_leaves(
    value: Any, prefix: list[PathStep] | None = None
) -> Iterator[tuple[list[PathStep], Any]]:
    """Every scalar leaf with its path."""
    path = prefix or []
    if isinstance(value, dict):
        for key, child in value.items():
            yield from iter_leaves(child, [*path, key])
    elif isinstance(value, list):
        for position, child in enumerate(value):
            yield from iter_leaves(child, [*path, position])
    else:
        yield path, value


def marked_within(marks: Any, path: str | Sequence[PathStep]) -> bool:
    """True when the path, any prefix of it, or anything below it is marked.

    Terraform marks an element unknown inside a list or block (`after_unknown: {"records":
    [true]}`) while `after` shows a null in its place: a value read whole is only known when
    nothing under it is marked.
    """
    return _any_mark(_marks_at(marks, path))


def _marks_at(marks: Any, path: str | Sequence[PathStep]) -> Any:
    """The marks under the path: True where the path or a prefix of it is marked, False where
    the marks stop before it."""
    steps = parse_path(path) if isinstance(path, str) else path
    current = marks
    for step in steps:
        if current is True:
            return True
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                return False
            current = current[step]
        else:
            if not isinstance(current, dict):
                return False
            current = current.get(step, False)
    return current


def strings_in(value: object) -> Iterator[str]:
    """Every string anywhere in a JSON value (order not kept)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            yield current
        elif isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _any_mark(marks: Any) -> bool:
    if marks is True:
        return True
    if isinstance(marks, dict):
        return any(_any_mark(child) for child in marks.values())
    if isinstance(marks, list):
        return any(_any_mark(child) for child in marks)
    return False
