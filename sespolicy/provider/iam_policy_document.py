"""data "aws_iam_policy_document", computed as hashicorp/aws computes it.

The document is pure: it depends only on its configuration, so the twin answers it exactly,
byte for byte, because SES identity policies are often written with it and the SES-AUTH rules
read them. The facts reproduced here (from the provider's IAM policy model, MPL-2.0):

- Merge order: `source_policy_documents` in order (a repeated Sid among them is an error), then
  the document's own statements, then `override_policy_documents` in order; a statement with a
  Sid replaces the earlier statement with that Sid, one without is appended. `Id` is adopted from
  later documents, `Version` only ever upgraded. (`source_json` / `override_json` of old releases
  are the first source and the last override.)
- Statement fields in the order Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
  NotPrincipal, Condition; empty ones omitted, except that before 5.0 an empty Sid is written
  as "Sid": "".
- A list of one string is written as that string; longer action, resource and principal lists
  are sorted in reverse; condition values keep their order. Principals of one type are merged;
  a lone principal `{"*": ["*"]}` is written as "*". In resources, principals and condition
  values `&{` becomes `${` (an error under version 2008-10-17).
- Documents merged from JSON keep their own list order and shapes; their principal lists are
  sorted in reverse, their non-string condition values turn into strings (true/false) or are
  dropped (numbers), as the provider's JSON model does.
- `json` is Go's indented encoding (two spaces), `minified_json` the compact one, both with
  Go's escaping of <, > and &; `id` is the CRC-32 of `json`.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

DEFAULT_VERSION = "2012-10-17"
_OLD_VERSION = "2008-10-17"


class PolicyDocumentError(Exception):
    """The configuration cannot make a document; the message is the provider's reason."""


@dataclass
class _Principal:
    type: str
    identifiers: str | list[str]


@dataclass
class _Condition:
    test: str
    variable: str
    values: str | list[str]


@dataclass
class _Statement:
    sid: str = ""
    effect: str = ""
    actions: Any = None  # str, list, or None (omitted)
    not_actions: Any = None
    resources: Any = None
    not_resources: Any = None
    principals: list[_Principal] = field(default_factory=list)
    not_principals: list[_Principal] = field(default_factory=list)
    conditions: list[_Condition] = field(default_factory=list)


@dataclass
class _Document:
    version: str = ""
    id: str = ""
    statements: list[_Statement] = field(default_factory=list)

    def merge(self, other: _Document) -> None:
        if other.id:
            self.id = other.id
        if other.version > self.version:
            self.version = other.version
        for statement in other.statements:
            if not statement.sid:
                self.statements.append(statement)
                continue
            for index, existing in enumerate(self.statements):
                if existing.sid == statement.sid:
                    self.statements[index] = statement
                    break
            else:
                self.statements.append(statement)


def policy_document(config: dict[str, Any], empty_sid_written: bool) -> dict[str, Any]:
    """The computed attributes (json, minified_json, id, version) for a configuration whose
    values are all known. `empty_sid_written`: provider releases before 5.0."""
    merged = _Document()
    if config.get("source_json"):
        merged.merge(_document_from_json(config["source_json"], "source_json"))
    seen_sids: set[str] = {s.sid for s in merged.statements if s.sid}
    for index, text in enumerate(config.get("source_policy_documents") or []):
        if text is None:
            continue
        source = _document_from_json(text, f"source document {index}")
        for position, statement in enumerate(source.statements):
            if statement.sid in seen_sids:
                raise PolicyDocumentError(
                    f"merging source document {index}: duplicate Sid ({statement.sid}) in "
                    f"source_policy_documents (statement {position}). Remove the Sid or ensure "
                    "Sids are unique."
                )
            if statement.sid:
                seen_sids.add(statement.sid)
        merged.merge(source)
    version = config.get("version") or DEFAULT_VERSION
    own = _Document(version=version, id=config.get("policy_id") or "")
    own_sids: set[str] = set()
    for block in config.get("statement") or []:
        statement = _statement_from_config(block, version)
        if statement.sid in own_sids:
            raise PolicyDocumentError(
                f"duplicate Sid ({statement.sid}). Remove the Sid or ensure the Sid is unique."
            )
        if statement.sid:
            own_sids.add(statement.sid)
        own.statements.append(statement)
    merged.merge(own)
    for index, text in enumerate(config.get("override_policy_documents") or []):
        if text is not None:
            merged.merge(_document_from_json(text, f"override document {index}"))
    if config.get("override_json"):
        merged.merge(_document_from_json(config["override_json"], "override_json"))
    tree = _document_tree(merged, empty_sid_written)
    indented = _go_json(tree, indent=True)
    return {
        "json": indented,
        "minified_json": _go_json(tree, indent=False),
        "id": str(zlib.crc32(indented.encode())),
        "version": version,
    }


def _decoded_list(values: list[str]) -> str | list[str]:
    """One string as itself; more sorted in reverse (the provider's config decoding)."""
    if len(values) == 1:
        return values[0]
    return sorted(values, reverse=True)


def _replace_vars(value: str | list[str], version: str) -> str | list[str]:
    items = [value] if isinstance(value, str) else value
    for item in items:
        if version == _OLD_VERSION and "&{" in item:
            raise PolicyDocumentError(
                f"found &{{ sequence in ({item}), which is not supported in document version "
                f"{_OLD_VERSION}"
            )
    replaced = [item.replace("&{", "${") for item in items]
    return replaced[0] if isinstance(value, str) else replaced


def _strings(value: Any) -> list[str]:
    return [item for item in (value or []) if item is not None]


def _statement_from_config(block: dict[str, Any], version: str) -> _Statement:
    statement = _Statement(effect=block.get("effect") or "Allow", sid=block.get("sid") or "")
    if actions := _strings(block.get("actions")):
        statement.actions = _decoded_list(actions)
    if not_actions := _strings(block.get("not_actions")):
        statement.not_actions = _decoded_list(not_actions)
    if resources := _strings(block.get("resources")):
        statement.resources = _replace_vars(_decoded_list(resources), version)
    if not_resources := _strings(block.get("not_resources")):
        statement.not_resources = _replace_vars(_decoded_list(not_resources), version)
    statement.principals = _principals_from_config(block.get("principals"), version)
    statement.not_principals = _principals_from_config(block.get("not_principals"), version)
    for condition in block.get("condition") or []:
        values = [value if value is not None else "" for value in condition.get("values") or []]
        replaced = _replace_vars(values, version)
        statement.conditions.append(
            _Condition(
                test=condition.get("test") or "",
                variable=condition.get("variable") or "",
                values=replaced[0] if len(replaced) == 1 else replaced,
            )
        )
    return statement


def _principals_from_config(blocks: Any, version: str) -> list[_Principal]:
    return [
        _Principal(
            type=block.get("type") or "",
            identifiers=_replace_vars(_decoded_list(_strings(block.get("identifiers"))), version),
        )
        for block in blocks or []
    ]


def _document_from_json(text: str, label: str) -> _Document:
    try:
        raw = json.loads(text)
    except (TypeError, ValueError) as problem:
        raise PolicyDocumentError(f"merging {label}: {problem}") from None
    if not isinstance(raw, dict):
        raise PolicyDocumentError(f"merging {label}: the document is not a JSON object")
    statements = raw.get("Statement") or []
    if isinstance(statements, dict):
        raise PolicyDocumentError(f"merging {label}: Statement must be a list")
    return _Document(
        version=str(raw.get("Version") or ""),
        id=str(raw.get("Id") or ""),
        statements=[_statement_from_json(item, label) for item in statements],
    )


def _statement_from_json(raw: Any, label: str) -> _Statement:
    if not isinstance(raw, dict):
        raise PolicyDocumentError(f"merging {label}: a statement is not a JSON object")
    return _Statement(
        sid=str(raw.get("Sid") or ""),
        effect=str(raw.get("Effect") or ""),
        actions=raw.get("Action"),
        not_actions=raw.get("NotAction"),
        resources=raw.get("Resource"),
        not_resources=raw.get("NotResource"),
        principals=_principals_from_json(raw.get("Principal"), label),
        not_principals=_principals_from_json(raw.get("NotPrincipal"), label),
        conditions=_conditions_from_json(raw.get("Condition"), label),
    )


def _principals_from_json(raw: Any, label: str) -> list[_Principal]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [_Principal(type="*", identifiers=["*"])]
    if not isinstance(raw, dict):
        raise PolicyDocumentError(f'merging {label}: a Principal is neither "*" nor an object')
    principals = []
    for principal_type, identifiers in raw.items():
        if isinstance(identifiers, str):
            principals.append(_Principal(type=principal_type, identifiers=identifiers))
        elif isinstance(identifiers, list) and all(isinstance(i, str) for i in identifiers):
            principals.append(_Principal(type=principal_type, identifiers=sorted(identifiers)))
        else:
            raise PolicyDocumentError(
                f"merging {label}: principal type {principal_type} has identifiers that are not "
                "strings"
            )
    return principals


def _conditions_from_json(raw: Any, label: str) -> list[_Condition]:
    if raw is None:
        return []
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise PolicyDocumentError(f"merging {label}: a Condition is not an object of objects")
    conditions = []
    for test, variables in raw.items():
        for variable, values in variables.items():
            if isinstance(values, bool):
                conditions.append(_Condition(test, variable, "true" if values else "false"))
            elif isinstance(values, str):
                conditions.append(_Condition(test, variable, [values]))
            elif isinstance(values, list):
                conditions.append(_Condition(test, variable, [str(v) for v in values]))
            # The provider's model has no case for numbers: such a value is dropped.
    return conditions


def _principal_tree(principals: list[_Principal]) -> Any:
    if len(principals) == 1 and principals[0].type == "*":
        identifiers = principals[0].identifiers
        if identifiers == "*" or identifiers == ["*"]:
            return "*"
    merged: dict[str, Any] = {}
    for principal in principals:
        existing = merged.get(principal.type)
        if isinstance(principal.identifiers, list):
            items = sorted(principal.identifiers, reverse=True)
            if existing is None:
                merged[principal.type] = items
            elif isinstance(existing, str):
                merged[principal.type] = [existing, *items]
            else:
                merged[principal.type] = [*existing, *items]
        elif existing is None:
            merged[principal.type] = principal.identifiers
        elif isinstance(existing, str):
            merged[principal.type] = [existing, principal.identifiers]
        else:
            merged[principal.type] = [*existing, principal.identifiers]
    return dict(sorted(merged.items()))


def _condition_tree(conditions: list[_Condition]) -> dict[str, Any]:
    grouped: dict[str, dict[str, list[str]]] = {}
    for condition in conditions:
        values = grouped.setdefault(condition.test, {}).setdefault(condition.variable, [])
        if isinstance(condition.values, str):
            values.append(condition.values)
        else:
            values.extend(condition.values)
    return {
        test: {
            variable: values[0] if len(values) == 1 else values
            for variable, values in sorted(variables.items())
        }
        for test, variables in sorted(grouped.items())
    }


def _is_present(value: Any) -> bool:
    # Go's omitempty on an interface field: only a nil interface is left out.
    return value is not None


def _statement_tree(statement: _Statement, empty_sid_written: bool) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    if statement.sid or empty_sid_written:
        tree["Sid"] = statement.sid
    if statement.effect:
        tree["Effect"] = statement.effect
    for key, value in (
        ("Action", statement.actions),
        ("NotAction", statement.not_actions),
        ("Resource", statement.resources),
        ("NotResource", statement.not_resources),
    ):
        if _is_present(value):
            tree[key] = value
    if statement.principals:
        tree["Principal"] = _principal_tree(statement.principals)
    if statement.not_principals:
        tree["NotPrincipal"] = _principal_tree(statement.not_principals)
    if statement.conditions:
        tree["Condition"] = _condition_tree(statement.conditions)
    return tree


def _document_tree(document: _Document, empty_sid_written: bool) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    if document.version:
        tree["Version"] = document.version
    if document.id:
        tree["Id"] = document.id
    if document.statements:
        tree["Statement"] = [_statement_tree(s, empty_sid_written) for s in document.statements]
    return tree


_GO_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def _go_json(tree: Any, indent: bool) -> str:
    """JSON as Go's encoding/json writes it (MarshalIndent with two spaces, or Marshal)."""
    if indent:
        text = json.dumps(tree, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _GO_ESCAPES.items():
        text = text.replace(char, escape)
    return text
