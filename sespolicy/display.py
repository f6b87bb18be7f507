"""Values taken from input, made safe to print.

Plans come from pull requests, and what sespolicy prints lands in CI logs that runners and
people trust: a newline inside a plan value could start a line of the attacker's choosing
(`::error file=…::` in GitHub Actions). So every value that comes from input is printed
through `escape_text`, which writes control characters, line and paragraph separators, bidi
controls and lone surrogates as backslash escapes. Values the plan marks sensitive are never
printed at all: `SENSITIVE` stands in their place, next to the resource and attribute they
belong to.
"""

from __future__ import annotations

from typing import Any

SENSITIVE = "(sensitive)"

_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_character(character: str) -> str:
    named = _NAMED_ESCAPES.get(character)
    if named is not None:
        return named
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_text(text: str) -> str:
    """`text` with every non-printable character written as a backslash escape.

    Printable here is Python's `str.isprintable`: it excludes C0/C1 controls, DEL, the line
    and paragraph separators, format characters (bidi overrides, zero-width joiners) and lone
    surrogates (which cannot even be encoded as UTF-8), and keeps every letter, mark, digit,
    symbol and the ASCII space. A backslash itself is left alone: only the characters that can
    change what a log line looks like are rewritten.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape_character(c) for c in text)


def shown(value: Any, sensitive: bool = False) -> str:
    """A value for a message: `SENSITIVE` when the plan marks it so, else its escaped text."""
    if sensitive:
        return SENSITIVE
    return escape_text(value if isinstance(value, str) else str(value))
