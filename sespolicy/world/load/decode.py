"""Turning input bytes into text: UTF-8 (with or without BOM) and UTF-16/32 as Windows writes it.

PowerShell's `>` redirection writes UTF-16 LE with a BOM, so plans saved on Windows arrive in
that form; JSON itself only ever starts with an ASCII character, which lets the byte pattern of
the first two characters reveal a BOM-less UTF-16/32 file as well (the same rule RFC 4627 gave).
"""

from __future__ import annotations

import codecs

from sespolicy.errors import InputError

# Longest BOMs first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def sniff_encoding(raw: bytes) -> tuple[str, int]:
    """Return (codec name, number of BOM bytes to skip) for raw JSON bytes."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding, len(bom)
    head = raw[:4]
    if len(head) >= 4 and head[0] == 0 and head[1] == 0 and head[2] == 0:
        return "utf-32-be", 0
    if len(head) >= 4 and head[1] == 0 and head[2] == 0 and head[3] == 0:
        return "utf-32-le", 0
    if len(head) >= 2 and head[0] == 0:
        return "utf-16-be", 0
    if len(head) >= 2 and head[1] == 0:
        return "utf-16-le", 0
    return "utf-8", 0


def decode_text(raw: bytes, source: str) -> str:
    """Decode JSON input bytes to text, or say which encoding to save it in."""
    encoding, bom_length = sniff_encoding(raw)
    try:
        # A memoryview slice avoids copying a large input just to drop three BOM bytes.
        return str(memoryview(raw)[bom_length:], encoding)
    except UnicodeDecodeError as problem:
        raise InputError(
            f"{source}: not valid {encoding.upper()} text (bad byte at offset "
            f"{problem.start + bom_length}); save the output of `terraform show -json` as UTF-8"
        ) from None
