"""The load pipeline: bytes -> text -> JSON -> kind -> envelope -> schema -> LoadedDocument."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import BinaryIO

from sespolicy.errors import InputError, UsageError
from sespolicy.world.load.decode import decode_text
from sespolicy.world.load.directory import load_directory
from sespolicy.world.load.document import STDIN_SOURCE, LoadedDocument
from sespolicy.world.load.envelope import read_envelope
from sespolicy.world.load.parse import parse_json
from sespolicy.world.load.read import read_path, read_stdin
from sespolicy.world.load.schema import validate_document
from sespolicy.world.load.sniff import (
    SHOW_JSON,
    classify,
    refuse_binary_plan,
    refuse_wrapper_output,
)
from sespolicy.world.load.structure import check_structure

STDIN_ARGUMENT = "-"


def load_documents(paths: Sequence[str], stdin: BinaryIO | None = None) -> list[LoadedDocument]:
    """Load every path in order; no paths (or "-") means stdin, which may be named once."""
    if isinstance(paths, str):  # one path passed bare would otherwise be read letter by letter
        paths = [paths]
    if not paths:
        paths = [STDIN_ARGUMENT]
    if list(paths).count(STDIN_ARGUMENT) > 1:
        raise UsageError("`-` (stdin) can be given only once")
    return [_load_one(path, stdin) for path in paths]


def _load_one(path: str, stdin: BinaryIO | None) -> LoadedDocument:
    if path == STDIN_ARGUMENT:
        return load_document_bytes(read_stdin(stdin), STDIN_SOURCE)
    if os.path.isdir(path):
        return load_directory(path)
    return load_document_bytes(read_path(path), path)


def load_document_bytes(raw: bytes, source: str) -> LoadedDocument:
    """Turn the bytes of one plan or state JSON into a LoadedDocument, or raise InputError."""
    refuse_binary_plan(raw, source)
    text = decode_text(raw, source)
    if not text or text.isspace():
        raise InputError(_nothing_given(source))
    refuse_wrapper_output(text, source)
    data = parse_json(text, source)
    del text  # as large as the input: free it before the document is checked
    kind = classify(data, source)
    assert isinstance(data, dict)  # classify refuses everything else
    envelope = read_envelope(data, kind, source)
    validate_document(data, source)
    check_structure(data, source)
    return LoadedDocument(
        source=source,
        kind=kind,
        data=data,
        sha256=hashlib.sha256(raw).hexdigest(),
        format_version=envelope.format_version,
        terraform_version=envelope.terraform_version,
        warnings=envelope.warnings,
    )


def _nothing_given(source: str) -> str:
    if source == STDIN_SOURCE:
        return f"no input on stdin: pipe {SHOW_JSON} into sespolicy or give a path"
    return f"{source}: is empty; write the plan into it with {SHOW_JSON} > {source}"
