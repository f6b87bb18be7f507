"""Parse `.tf` files into blocks and attributes that remember where they are.

python-hcl2 8.x offers two views of a file: `hcl2.load` (a dict whose expressions are strings
such as ``"${aws_sns_topic.t.arn}"``; its `with_meta` option is declared but adds no line numbers
in 8.1.4) and `hcl2.parses_to_tree` (the Lark parse tree, built with `propagate_positions`, so
every node carries its start and end line). We use the tree: it gives the lines that source
locations need and keeps expressions structured, so references are read from the grammar rather
than re-parsed out of strings.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import hcl2
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from sespolicy.errors import InputError

# An expression as the parser left it: a Lark subtree (or, rarely, a bare token).
Expression = Tree | Token


@dataclass(frozen=True)
class Attribute:
    """`name = expression` inside a body."""

    name: str
    expression: Expression
    file: str
    line: int
    end_line: int


@dataclass
class Block:
    """`type "label" … { body }`; a file's top level is a Block with type "" and no labels."""

    type: str
    labels: tuple[str, ...]
    file: str
    line: int
    end_line: int
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def blocks_of(self, block_type: str) -> list[Block]:
        return [block for block in self.blocks if block.type == block_type]

    def attribute(self, name: str) -> Attribute | None:
        return self.attributes.get(name)


def meaningful_children(tree: Tree) -> list[Tree | Token]:
    """Children of a node without the newline/comment nodes the grammar keeps."""
    return [
        child
        for child in tree.children
        if not (isinstance(child, Tree) and child.data == "new_line_or_comment")
    ]


def parse_file(path: Path, display_name: str) -> Block:
    """Parse one `.tf` file; syntax errors become one-line InputErrors naming file:line.

    Parsing is most of the cost of reading a configuration, and a module called several times
    (or indexed for source locations after being loaded) is the same file: results are kept per
    file version. The blocks are never changed after parsing, so sharing them is safe.
    """
    try:
        stat = path.stat()
    except OSError as error:
        raise InputError(f"{display_name}: cannot read the file ({error.strerror})") from None
    return _parse_file_version(str(path.resolve()), stat.st_mtime_ns, stat.st_size, display_name)


@functools.lru_cache(maxsize=1024)
def _parse_file_version(path: str, mtime_ns: int, size: int, display_name: str) -> Block:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{display_name}: cannot read the file ({error})") from None
    return parse_text(text, display_name)


def parse_text(text: str, display_name: str) -> Block:
    parse_to_tree = getattr(hcl2, "parses_to_tree", None)
    if parse_to_tree is None:
        version = getattr(hcl2, "__version__", "an older version")
        raise InputError(
            f"reading .tf files needs python-hcl2 8.x (this environment has {version}); "
            f"run: pip install 'python-hcl2>=8,<9'"
        )
    try:
        tree = parse_to_tree(text)
    except LarkError as error:
        raise InputError(_describe_syntax_error(error, display_name)) from None
    except Exception as error:  # the post-lexer raises plain errors on some inputs
        raise InputError(f"{display_name}: HCL syntax error: {error}".splitlines()[0]) from None
    _refuse_deep_nesting(tree, display_name)
    body = meaningful_children(tree)[0]
    last_line = max(1, text.count("\n") + 1)
    top = Block(type="", labels=(), file=display_name, line=1, end_line=last_line)
    _fill_body(top, body, display_name)
    return top


# How deeply the parse tree of one file may nest. Public configurations reach about 50 (the
# deepest of 667 files read); sespolicy's readers walk expressions recursively and hold out
# past 450, so 256 keeps a wide margin on both sides, also inside 32 levels of modules.
MAX_TREE_DEPTH = 256


def _refuse_deep_nesting(tree: Tree, display_name: str) -> None:
    stack: list[tuple[Tree, int, int]] = [(tree, 1, 1)]
    while stack:
        node, depth, line = stack.pop()
        line = getattr(node.meta, "line", line) if not node.meta.empty else line
        if depth > MAX_TREE_DEPTH:
            raise InputError(
                f"{display_name}:{line}: an expression or block nests more than "
                f"{MAX_TREE_DEPTH} levels deep, more than sespolicy reads; simplify it, or plan "
                "with Terraform and pass the plan JSON"
            )
        stack.extend((child, depth + 1, line) for child in node.children if isinstance(child, Tree))


def _describe_syntax_error(error: LarkError, display_name: str) -> str:
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    where = f"{display_name}:{line}" if line not in (None, -1) else display_name
    if column not in (None, -1) and line not in (None, -1):
        where += f":{column}"
    if isinstance(error, UnexpectedEOF):
        what = "unexpected end of file (an unclosed block, bracket or string?)"
    elif isinstance(error, UnexpectedToken):
        token = error.token
        shown = "end of file" if token.type == "$END" else repr(str(token).strip() or token.type)
        what = f"unexpected {shown}"
    elif isinstance(error, UnexpectedCharacters):
        what = f"unexpected character {error.char!r}"
    else:
        what = str(error).splitlines()[0] if str(error) else type(error).__name__
    return f"{where}: HCL syntax error: {what}; fix the file (terraform fmt shows the problem)"


def _fill_body(block: Block, body: Tree, display_name: str) -> None:
    for child in meaningful_children(body):
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            attribute = _read_attribute(child, display_name)
            if attribute.name in block.attributes:
                raise InputError(
                    f"{display_name}:{attribute.line}: attribute {attribute.name!r} is set twice "
                    f"in the same block; remove one"
                )
            block.attributes[attribute.name] = attribute
        elif child.data == "block":
            block.blocks.append(_read_block(child, display_name))


def _read_attribute(tree: Tree, display_name: str) -> Attribute:
    parts = meaningful_children(tree)
    name = name_of(parts[0])
    expression = parts[-1]
    return Attribute(
        name=name,
        expression=expression,
        file=display_name,
        line=tree.meta.line,
        end_line=tree.meta.end_line,
    )


def _read_block(tree: Tree, display_name: str) -> Block:
    parts = [part for part in meaningful_children(tree) if isinstance(part, Tree)]
    *heads, body = parts
    block = Block(
        type=name_of(heads[0]),
        labels=tuple(name_of(label) for label in heads[1:]),
        file=display_name,
        line=tree.meta.line,
        end_line=tree.meta.end_line,
    )
    _fill_body(block, body, display_name)
    return block


def name_of(node: Tree | Token) -> str:
    """The text of an identifier, keyword, literal keyword or quoted label."""
    if isinstance(node, Token):
        return str(node)
    if node.data == "string":
        return literal_string(node) or ""
    return "".join(str(token) for token in iter_tokens(node))


def iter_tokens(node: Tree | Token) -> Iterator[Token]:
    if isinstance(node, Token):
        yield node
        return
    for child in node.children:
        yield from iter_tokens(child)


def literal_string(node: Tree) -> str | None:
    """The value of a quoted string without interpolations, else None."""
    pieces: list[str] = []
    for part in node.children:
        if isinstance(part, Token):
            continue  # the quotes
        inner = part.children[0]
        if not isinstance(inner, Token):
            return None
        pieces.append(unescape_string_chars(inner))
    return "".join(pieces)


def unescape_string_chars(token: Token) -> str:
    """Resolve HCL escapes in a quoted-string fragment (`\\n`, `$${`, `%%{` …)."""
    text = str(token)
    if token.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
        return text[1:]
    return _ESCAPE.sub(_unescape, text)


_ESCAPE = re.compile(r'\\(?:[nrt"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})')
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(0)[1:]
    if escape[0] in "uU":
        codepoint = int(escape[1:], 16)
        if codepoint > 0x10FFFF or 0xD800 <= codepoint < 0xE000:
            return match.group(0)  # not a character: kept as written, as HCL reports it
        return chr(codepoint)
    return _SIMPLE_ESCAPES[escape]


def go_quote(text: str) -> str:
    """A string key as Terraform prints it inside an address: `["key"]`."""
    return json.dumps(text, ensure_ascii=False)
