"""Typed step parameters, converted and checked when policies load.

A step's text is matched by its pattern, and each captured piece of text is converted by the
parameter type its name stands for (`types`, `attribute`, `key` …). A value a type does not
accept is a load error naming the file, the line and the accepted values — never a surprise
halfway through a run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sespolicy.suggest import closest
from sespolicy.world.aws_types import KEYS


class ParameterError(ValueError):
    """A step parameter the type does not accept; the message says what would be."""


@dataclass(frozen=True)
class ParameterType:
    name: str  # what the docs call it: "type list", "attribute path" …
    accepted: str  # what is accepted, in a few words
    convert: Callable[[str], Any]


# -- resource types ------------------------------------------------------------------------

_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]*$|^[a-z0-9_*?\[\]-]*[*?\[][a-z0-9_*?\[\]-]*$")


@dataclass(frozen=True)
class TypeSelector:
    """Comma-separated resource type names or globs: `aws_ses_receipt_rule, aws_sns_*`."""

    text: str
    names: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.names)


def _type_selector(text: str) -> TypeSelector:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    if not names:
        raise ParameterError('no resource type given; write e.g. "aws_ses_receipt_rule"')
    for name in names:
        if not _TYPE_NAME.match(name):
            raise ParameterError(
                f"{name!r} is not a resource type name or glob (lower-case letters, digits and "
                "underscores, with * ? [] as wildcards)"
            )
    return TypeSelector(text.strip(), names)


# -- attribute paths -----------------------------------------------------------------------

_PATH = re.compile(
    r"^[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:\d+|\*)\])*(?:\.[A-Za-z_][A-Za-z0-9_-]*(?:\[(?:\d+|\*)\])*)*$"
)


@dataclass(frozen=True)
class AttributePaths:
    """Attribute paths with `[*]` wildcards, e.g. `s3_action[*].kms_key_arn`, several joined
    by commas; matches the paths graph edges carry (`s3_action[0].kms_key_arn`)."""

    text: str
    paths: tuple[str, ...]
    regex: re.Pattern[str]
    top_names: frozenset[str]
    prefixes: tuple[str, ...]  # the top names, for a quick startswith test

    def match(self, path: str) -> bool:
        # Most paths a rule sees belong to other attributes: a prefix test rules them out
        # before the regular expression runs.
        return path.startswith(self.prefixes) and self.regex.match(path) is not None

    def __str__(self) -> str:
        return ", ".join(self.paths)


@lru_cache(maxsize=512)
def attribute_paths(text: str) -> AttributePaths:
    paths = tuple(part.strip() for part in text.split(",") if part.strip())
    if not paths:
        raise ParameterError(
            'no attribute given; write e.g. "topic_arn" or "s3_action[*].kms_key_arn"'
        )
    for path in paths:
        if not _PATH.match(path):
            raise ParameterError(
                f"{path!r} is not an attribute path; write names joined by dots, with [0] or [*] "
                'for list elements, e.g. "s3_action[*].kms_key_arn"'
            )
    alternatives = [re.escape(p).replace(r"\[\*\]", r"\[\d+\]") for p in paths]
    top_names = frozenset(p.split(".", 1)[0].split("[", 1)[0] for p in paths)
    return AttributePaths(
        text.strip(),
        paths,
        re.compile("^(?:" + "|".join(alternatives) + ")$"),
        top_names,
        tuple(sorted(top_names)),
    )


def _single_path(text: str) -> str:
    found = attribute_paths(text)
    if len(found.paths) != 1:
        raise ParameterError(f"give one attribute here, not {len(found.paths)}")
    return found.paths[0]


# -- enumerations --------------------------------------------------------------------------


def _choice(what: str, choices: tuple[str, ...]) -> Callable[[str], str]:
    by_lower = {choice.lower(): choice for choice in choices}

    def convert(text: str) -> str:
        found = by_lower.get(text.strip().lower())
        if found is not None:
            return found
        close = closest(text, choices, key=str.lower, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        accepted = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{text!r} is not a {what}{hint}; use one of {accepted}")

    return convert


KEY_NAMES = tuple(KEYS)
SERVICES = ("SES sending", "SES receiving", "WorkMail")
ENDPOINTS = ("inbound SMTP", "feedback")
PLACES = ("in its Region", "in another Region", "in the Regions it points at")


def field_name(key: str) -> str:
    """The message field that shows a key: "MAIL FROM domain" -> "mail_from_domain"."""
    return key.lower().replace(" ", "_")


# The key each key field shows, e.g. "mail_from_domain" -> "MAIL FROM domain".
KEY_BY_FIELD = {field_name(key): key for key in KEY_NAMES}


# -- other values --------------------------------------------------------------------------


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise ParameterError(f"{text!r} is not a whole number")
    return int(text)


def _pattern(text: str) -> Any:
    from sespolicy.errors import InputError
    from sespolicy.policy.patterns import compile_pattern

    try:
        return compile_pattern(text)
    except InputError as problem:
        raise ParameterError(str(problem)) from None


def _template(text: str) -> str:
    from sespolicy.policy.steps.templates import check_template_syntax

    check_template_syntax(text)
    return text


def _arn_service(text: str) -> str:
    if not re.fullmatch(r"[a-z0-9-]+", text):
        raise ParameterError(f"{text!r} is not an ARN service name (e.g. ses, sns, lambda)")
    return text


def _text(text: str) -> str:
    return text


_KEY = ParameterType("key", ", ".join(KEY_NAMES), _choice("key", KEY_NAMES))

PARAMETER_TYPES: dict[str, ParameterType] = {
    "types": ParameterType(
        "type list", "resource type names or globs, comma-separated", _type_selector
    ),
    "attributes": ParameterType(
        "attribute paths", "attribute paths, comma-separated", attribute_paths
    ),
    "attribute": ParameterType("attribute path", "one attribute path", _single_path),
    "key": _KEY,
    "their_key": _KEY,
    "my_key": _KEY,
    "same_key": _KEY,
    "mail_key": _KEY,
    "recipients": ParameterType("attribute path", "one attribute path", _single_path),
    "arn_service": ParameterType(
        "ARN service", "an ARN service name like ses or sns", _arn_service
    ),
    "service": ParameterType("service", ", ".join(SERVICES), _choice("service", SERVICES)),
    "endpoint": ParameterType(
        "endpoint", ", ".join(ENDPOINTS), _choice("endpoint kind", ENDPOINTS)
    ),
    "place": ParameterType("place", ", ".join(PLACES), _choice("place", PLACES)),
    "pattern": ParameterType("regular expression", "a regular expression", _pattern),
    "count": ParameterType("number", "a whole number", _count),
    "template": ParameterType("message template", "text with {field} placeholders", _template),
    "value": ParameterType("text", "any text", _text),
    "text": ParameterType("text", "any text", _text),
}
