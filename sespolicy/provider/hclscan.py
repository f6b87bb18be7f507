"""Just enough HCL reading for `sespolicy plan`: blocks by type and labels, and plain arguments.

A full HCL parser costs half a second to build on every run; `sespolicy plan` only needs the
`terraform` block (required_providers, backend, cloud) and `module` sources, and Terraform
itself reports any syntax error a moment later. So this scanner splits text into blocks,
skipping strings, heredocs and comments so braces inside them do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLOCK_HEADER = re.compile(r'([A-Za-z_][\w-]*)((?:\s+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)\s*\{')
_LABEL = re.compile(r'"([^"\n]*)"|([A-Za-z_][\w-]*)')
_HEREDOC = re.compile(r"<<-?([A-Za-z_]\w*)[ \t]*\n")


@dataclass(frozen=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: str  # the text between the braces, comments blanked out
    line: int = 0  # 1-based line of the block header within the scanned text (0: unknown)
    # Offsets within the scanned text: the header's first character, the block's `{` and `}`
    # (the end of the text when the block is not closed).
    start: int = 0
    open: int = 0
    close: int = 0


def blank_comments(text: str) -> str:
    """The text with comments replaced by spaces, and string/heredoc contents kept intact."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            i = end
        elif char == "#" or text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif (end := _heredoc_end(text, i)) is not None:
            out.append(text[i:end])
            i = end
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _heredoc_end(text: str, start: int) -> int | None:
    """Index just past the heredoc opening at `start` (`<<EOT` or `<<-EOT`), else None."""
    if not text.startswith("<<", start):
        return None
    heredoc = _HEREDOC.match(text, start)
    if heredoc is None:
        return None
    closing = re.compile(rf"(?m)^[ \t]*{re.escape(heredoc.group(1))}[ \t]*$")
    found = closing.search(text, heredoc.end())
    return len(text) if found is None else found.end()


def _string_end(text: str, start: int) -> int:
    """Index just past the string opening at `start`, honouring escapes and ${ } templates."""
    i, n, depth = start + 1, len(text), 0
    while i < n:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if text.startswith("${", i) or text.startswith("%{", i):
            depth += 1
            i += 2
            continue
        if char == "}" and depth:
            depth -= 1
        elif char == '"' and depth == 0:
            return i + 1
        elif char == '"':
            i = _string_end(text, i)  # a string inside a template expression
            continue
        elif char == "\n" and depth == 0:
            return i  # unterminated: let Terraform report it
        i += 1
    return n


def _matching_brace(text: str, open_index: int) -> int:
    depth, i, n = 0, open_index, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
            continue
        if (end := _heredoc_end(text, i)) is not None:
            i = end
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """The blocks directly inside `body` (already comment-blanked); `first_line` is the line
    number of `body`'s first character, so nested blocks can say where they are too."""
    found: list[Block] = []
    i, n = 0, len(body)
    counted, line = 0, first_line  # newlines are counted once, up to `counted`
    while i < n:
        char = body[i]
        if char == '"':
            i = _string_end(body, i)
            continue
        if char in "{[(":
            # An expression's braces (an object value, say): not a block at this level.
            closing = _matching_brace(body, i) if char == "{" else _matching_bracket(body, i)
            i = closing + 1
            continue
        header = _BLOCK_HEADER.match(body, i) if (i == 0 or not _word(body[i - 1])) else None
        if header is not None and _starts_line(body, i):
            open_index = header.end() - 1
            close = _matching_brace(body, open_index)
            labels = tuple(a or b for a, b in _LABEL.findall(header.group(2)))
            line += body.count("\n", counted, i)
            counted = i
            found.append(
                Block(
                    header.group(1),
                    labels,
                    body[open_index + 1 : close],
                    line,
                    start=i,
                    open=open_index,
                    close=close,
                )
            )
            i = close + 1
            continue
        i += 1
    return found


def _matching_bracket(text: str, open_index: int) -> int:
    pairs = {"[": "]", "(": ")"}
    opener, closer = text[open_index], pairs[text[open_index]]
    depth, i, n = 0, open_index, len(text)
    while i < n:
        char = text[i]
        if char == '"':
            i = _string_end(text, i)
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def _word(char: str) -> bool:
    return char.isalnum() or char in "_-."


def _starts_line(text: str, index: int) -> bool:
    line_start = text.rfind("\n", 0, index) + 1
    return text[line_start:index].strip() == ""


def top_level_only(body: str) -> str:
    """`body` with everything inside nested braces blanked, so only its own arguments remain."""
    out = list(body)
    i, n = 0, len(body)
    while i < n:
        char = body[i]
        if char == '"':
            i = _string_end(body, i)
            continue
        if char == "{":
            close = min(_matching_brace(body, i), n - 1)
            for k in range(i + 1, close):
                if out[k] != "\n":
                    out[k] = " "
            i = close + 1
            continue
        i += 1
    return "".join(out)


def string_argument(body: str, name: str) -> str | None:
    """The literal string value of argument `name` directly in `body`, if written as one."""
    pattern = rf'(?<![\w.-]){re.escape(name)}[ \t]*=[ \t]*"([^"\n]*)"'
    match = re.search(pattern, top_level_only(body))
    return None if match is None else match.group(1)


_ENTRY = re.compile(r'(?<![\w.-])([A-Za-z_][\w-]*)[ \t]*=[ \t]*(\{|"([^"\n]*)")')


def object_arguments(body: str) -> dict[str, str]:
    """`name = { ... }` and `name = "..."` entries directly in `body` (required_providers)."""
    entries: dict[str, str] = {}
    position = 0
    while (match := _ENTRY.search(body, position)) is not None:
        if match.group(2) == "{":
            open_index = match.end() - 1
            close = _matching_brace(body, open_index)
            entries[match.group(1)] = body[open_index + 1 : close]
            position = close + 1
        else:
            entries[match.group(1)] = f'version = "{match.group(3)}"'  # legacy short form
            position = match.end()
    return entries


_ATTRIBUTE = re.compile(r"[ \t]*([A-Za-z_][\w-]*)[ \t]*=(?![=>])")


def attributes(body: str) -> dict[str, str]:
    """Arguments written directly in `body` (comment-blanked): name -> expression text.

    Works for a block's body and for a whole `.tfvars` file. Nested blocks, and the insides of
    strings, heredocs and brackets, are skipped, so `x = { a = 1 }` gives only `x`.
    """
    found: dict[str, str] = {}
    i, n = 0, len(body)
    while i < n:
        match = _ATTRIBUTE.match(body, i)
        if match is not None:
            end = _expression_end(body, match.end())
            found[match.group(1)] = body[match.end() : end].strip()
        else:
            end = _expression_end(body, i)  # some other line: a block header, say
        i = end + 1
    return found


def _expression_end(text: str, start: int) -> int:
    """Index of the newline ending the expression (or line) that begins at `start`."""
    i, n = start, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            return i
        if char == '"':
            i = _string_end(text, i)
            continue
        if (end := _heredoc_end(text, i)) is not None:
            i = end
            continue
        if char == "{":
            i = _matching_brace(text, i) + 1
            continue
        if char in "[(":
            i = _matching_bracket(text, i) + 1
            continue
        i += 1
    return n
