"""A strict reader for the small part of YAML that .pre-commit-hooks.yaml and action.yml use.

PyYAML is not a dependency of sespolicy, so the integration tests read those files with this:
block mappings and sequences, plain / single- / double-quoted scalars, flow sequences of
scalars, `|` and `|-` literal blocks, comments. Anything else (anchors, tags, flow mappings,
folded or multi-line plain scalars, duplicate keys) raises YamlSubsetError rather than being
misread, so the files stay in a shape every YAML reader agrees on.
"""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: (.*))?$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$")
_UNSUPPORTED_START = tuple("{&*!>%@`")
_DOUBLE_QUOTE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}


class YamlSubsetError(ValueError):
    pass


def read_yaml_subset(text: str) -> Any:
    return _Reader(text).document()


def _strip_comment(line: str) -> str:
    """The line without a trailing `# comment` (a # at the start or after a space, unquoted)."""
    quote = None
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "'\"" and (index == 0 or line[index - 1] in " [,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip()
    return line.rstrip()


def _indent(line: str) -> int:
    if "\t" in line[: len(line) - len(line.lstrip())]:
        raise YamlSubsetError(f"tab in indentation: {line!r}")
    return len(line) - len(line.lstrip(" "))


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.index = 0

    def document(self) -> Any:
        if not self._next_content():
            return None
        value = self._block(_indent(self.lines[self.index]))
        if self._next_content():
            raise self._error("content after the document ends (indentation?)")
        return value

    # --- lines ---------------------------------------------------------------------------

    def _next_content(self) -> bool:
        """Skip blank and comment lines; is there a line left?"""
        while self.index < len(self.lines) and not _strip_comment(self.lines[self.index]).strip():
            self.index += 1
        return self.index < len(self.lines)

    def _content(self) -> str:
        return _strip_comment(self.lines[self.index]).strip()

    def _error(self, message: str) -> YamlSubsetError:
        return YamlSubsetError(f"line {self.index + 1}: {message}")

    # --- blocks --------------------------------------------------------------------------

    def _block(self, indent: int) -> Any:
        content = self._content()
        if content == "-" or content.startswith("- "):
            return self._sequence(indent)
        return self._mapping(indent)

    def _nested(self, parent_indent: int) -> Any:
        """The block under `key:`: deeper lines, or a sequence at the key's own indent."""
        if not self._next_content():
            return None
        indent = _indent(self.lines[self.index])
        content = self._content()
        if indent > parent_indent:
            return self._block(indent)
        if indent == parent_indent and (content == "-" or content.startswith("- ")):
            return self._sequence(indent)
        return None

    def _sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while self._next_content():
            line = self.lines[self.index]
            current = _indent(line)
            content = self._content()
            if current < indent or not (content == "-" or content.startswith("- ")):
                break
            if current > indent:
                raise self._error("sequence item indented deeper than its siblings")
            rest = content[1:].lstrip()
            if not rest:
                self.index += 1
                items.append(self._nested(indent))
            elif _KEY.match(rest):
                # "- key: value" opens a mapping whose keys line up with `key`.
                column = current + (len(content) - len(rest))
                self.lines[self.index] = " " * column + rest
                items.append(self._mapping(column))
            else:
                self.index += 1
                items.append(self._scalar(rest))
        return items

    def _mapping(self, indent: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        while self._next_content():
            current = _indent(self.lines[self.index])
            if current < indent:
                break
            if current > indent:
                raise self._error("mapping key indented deeper than its siblings")
            content = self._content()
            if content == "-" or content.startswith("- "):
                break  # a sequence at this indent belongs to the key above (compact form)
            match = _KEY.match(content)
            if match is None:
                raise self._error(f"expected `key: value`, got {content!r}")
            key, rest = match.group(1), (match.group(2) or "").strip()
            if key in result:
                raise self._error(f"duplicate key {key!r}")
            self.index += 1
            if not rest:
                result[key] = self._nested(current)
            elif rest in ("|", "|-"):
                result[key] = self._literal(current, keep_newline=rest == "|")
            else:
                result[key] = self._scalar(rest)
        return result

    def _literal(self, parent_indent: int, keep_newline: bool) -> str:
        collected: list[str] = []
        block_indent: int | None = None
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if not line.strip():
                collected.append("")
                self.index += 1
                continue
            current = _indent(line)
            if block_indent is None:
                if current <= parent_indent:
                    break
                block_indent = current
            if current < block_indent:
                break
            collected.append(line[block_indent:])
            self.index += 1
        text = "\n".join(collected).rstrip("\n")
        return text + "\n" if keep_newline and text else text

    # --- scalars -------------------------------------------------------------------------

    def _scalar(self, text: str) -> Any:
        if text.startswith('"'):
            value, end = _double_quoted(text, self._error)
        elif text.startswith("'"):
            value, end = _single_quoted(text, self._error)
        elif text.startswith("["):
            return self._flow_sequence(text)
        elif text.startswith(_UNSUPPORTED_START) or text.startswith(("|", "- ", "? ")):
            raise self._error(f"unsupported YAML: {text!r}")
        else:
            if ": " in text or text.endswith(":"):
                raise self._error(f"a plain value may not contain ': ' ({text!r}); quote it")
            return _plain(text)
        if text[end:].strip():
            raise self._error(f"text after a quoted value: {text!r}")
        return value

    def _flow_sequence(self, text: str) -> list[Any]:
        if not text.endswith("]"):
            raise self._error(f"flow sequence must end on its line: {text!r}")
        inner = text[1:-1].strip()
        if not inner:
            return []
        parts, current, quote = [], "", None
        for char in inner:
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char in "[]{}":
                raise self._error(f"nested flow collections are not supported: {text!r}")
            elif char == ",":
                parts.append(current.strip())
                current = ""
                continue
            current += char
        parts.append(current.strip())
        return [self._scalar(part) for part in parts]


def _plain(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    if text in ("null", "~"):
        return None
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def _double_quoted(text: str, error: Any) -> tuple[str, int]:
    value, index = [], 1
    while index < len(text):
        char = text[index]
        if char == '"':
            return "".join(value), index + 1
        if char == "\\":
            escape = text[index + 1 : index + 2]
            if escape not in _DOUBLE_QUOTE_ESCAPES:
                raise error(f"unsupported escape \\{escape} in {text!r}")
            value.append(_DOUBLE_QUOTE_ESCAPES[escape])
            index += 2
            continue
        value.append(char)
        index += 1
    raise error(f"unterminated double-quoted value: {text!r}")


def _single_quoted(text: str, error: Any) -> tuple[str, int]:
    value, index = [], 1
    while index < len(text):
        char = text[index]
        if char == "'":
            if text[index + 1 : index + 2] == "'":
                value.append("'")
                index += 2
                continue
            return "".join(value), index + 1
        value.append(char)
        index += 1
    raise error(f"unterminated single-quoted value: {text!r}")
