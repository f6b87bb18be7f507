"""Suggestions for one-line error messages: the known names closest to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

SHOWN = 3


def closest(
    name: str,
    candidates: Iterable[str],
    key: Callable[[str], str] = str.casefold,
    n: int = SHOWN,
    cutoff: float = 0.6,
) -> list[str]:
    """Up to `n` (three) candidates that look most like `name` (a difflib ratio of at least
    `cutoff`), compared through `key` (case-insensitively by default); the candidates keep
    their own spelling."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    found = difflib.get_close_matches(key(name), list(by_key), n=n, cutoff=cutoff)
    return [by_key[match] for match in found]
