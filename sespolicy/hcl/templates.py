"""Heredoc templates: split `<<EOT … EOT` text into literal text and interpolations.

The grammar keeps a heredoc as one token, so its `${…}` parts are found here and each is parsed
as an expression on its own. Template directives (`%{ if … }`) are not evaluated: a heredoc
holding one is reported as containing a DIRECTIVE piece, which evaluates to unknown.
"""

from __future__ import annotations

import hcl2
from lark import Token, Tree


class _Directive:
    def __repr__(self) -> str:
        return "DIRECTIVE"


DIRECTIVE = _Directive()

Piece = "str | Tree | _Directive"


def heredoc_pieces(node: Tree) -> list[str | Tree | _Directive]:
    token = node.children[0]
    text = str(token) if isinstance(token, Token) else ""
    body = _heredoc_body(text, trim=node.data == "heredoc_template_trim")
    return split_template(body)


def _heredoc_body(text: str, trim: bool) -> str:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body_lines = lines[1:-1]
    if trim:
        indents = [len(line) - len(line.lstrip(" \t")) for line in body_lines if line.strip()]
        cut = min(indents, default=0)
        body_lines = [line[cut:] for line in body_lines]
    return "".join(line + "\n" for line in body_lines)


def split_template(body: str) -> list[str | Tree | _Directive]:
    pieces: list[str | Tree | _Directive] = []
    literal: list[str] = []
    index = 0
    while index < len(body):
        if body.startswith("$${", index) or body.startswith("%%{", index):
            literal.append(body[index + 1 : index + 3])
            index += 3
            continue
        if body.startswith("${", index) or body.startswith("%{", index):
            end = _closing_brace(body, index + 2)
            if end < 0:
                literal.append(body[index:])
                break
            if literal:
                pieces.append("".join(literal))
                literal = []
            inner = body[index + 2 : end].strip().strip("~").strip()
            if body[index] == "$":
                pieces.append(_parse_expression(inner))
            else:
                pieces.append(DIRECTIVE)
            index = end + 1
            continue
        literal.append(body[index])
        index += 1
    if literal:
        pieces.append("".join(literal))
    return pieces


def _closing_brace(text: str, start: int) -> int:
    depth = 0
    index = start
    in_string = False
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 2
                continue
            if char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return -1


def _parse_expression(text: str) -> Tree | _Directive:
    try:
        tree = hcl2.parses_to_tree(f"probe = {text}\n")
    except Exception:
        return DIRECTIVE  # unparseable piece: treat like a directive, i.e. unknown
    body = [child for child in tree.children[0].children if isinstance(child, Tree)]
    attribute = next(child for child in body if child.data == "attribute")
    return [child for child in attribute.children if isinstance(child, Tree)][-1]
