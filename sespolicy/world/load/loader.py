"""The load pipeline: bytes -> text -> JSON -> kind -> envelope -> schema -> LoadedDocument."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace
from typing import BinaryIO

from sespolicy.display import escape_text
from sespolicy.errors import InputError, UsageError
from sespolicy.world.load.decode import decode_text
from sespolicy.world.load.directory import load_directory
from sespolicy.world.load.document import STDIN_SOURCE, LoadedDocument
from sespolicy.world.load.envelope import read_envelope
from sespolicy.world.load.labels import split_label
from sespolicy.world.load.parse import parse_json
from sespolicy.world.load.raw_state import is_raw_state, state_from_raw
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
    """Load every path in order; no paths (or "-") means stdin, which may be named once.

    An argument `NAME=PATH` labels its input NAME (see labels.split_label); findings then say
    `NAME` instead of the path. Two inputs may not share a name.
    """
    if isinstance(paths, str):  # one path passed bare would otherwise be read letter by letter
        paths = [paths]
    arguments = [split_label(argument) for argument in paths or [STDIN_ARGUMENT]]
    if [argument.path for argument in arguments].count(STDIN_ARGUMENT) > 1:
        raise UsageError("`-` (stdin) can be given only once")
    documents = [
        replace(_load_one(argument.path, stdin), label=argument.label) for argument in arguments
    ]
    _refuse_shared_names(documents)
    return documents


def _refuse_shared_names(documents: Sequence[LoadedDocument]) -> None:
    seen: set[str] = set()
    for document in documents:
        name = document.input_name
        if name in seen:
            what = "label" if document.label else "input"
            raise UsageError(
                f"the {what} {escape_text(name)} is given twice; give each input once, "
                "with its own NAME=PATH label if two inputs share a path"
            )
        seen.add(name)


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
    if isinstance(data, dict) and is_raw_state(data):
        data = state_from_raw(data, source)  # `terraform state pull` / terraform.tfstate
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
