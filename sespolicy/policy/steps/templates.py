"""Message templates: `{field}` placeholders filled from a verdict's fields.

The words of a verdict live with the rule (`And a failure reads "…"`) or, where the rule says
nothing, are the judge step's generic ones. Fields are filled with text steps have already made
safe (sensitive values masked); every field is escaped once more when rendered, so nothing
from the input can start a new line in a log.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from sespolicy.display import escape_text
from sespolicy.policy.steps.parameters import KEY_BY_FIELD, ParameterError

_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|\{|\}")

# Fields every verdict has: the resource, its Region and why, and its keys.
SUBJECT_FIELDS = frozenset({"address", "type", "region", "region_source"})
KEY_FIELDS = frozenset(KEY_BY_FIELD)


def placeholders(text: str) -> set[str]:
    return {match.group(1) for match in _TOKEN.finditer(text) if match.group(1)}


def check_template_syntax(text: str) -> None:
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{", "}"):
            raise ParameterError(
                f"has a lone {token!r} at position {match.start()}: write {{name}} for a field "
                "or {{ / }} for a brace"
            )


def unknown_fields(text: str, available: frozenset[str]) -> list[str]:
    return sorted(placeholders(text) - available - SUBJECT_FIELDS - KEY_FIELDS)


@lru_cache(maxsize=1024)
def _names(text: str) -> tuple[str, ...]:
    return tuple(sorted(placeholders(text)))


def render(text: str, value_of: Callable[[str], str | None]) -> str:
    """The template with each placeholder replaced by its (escaped) field value.

    Memoised by the template and the values it uses: most verdicts of a rule read alike.
    """
    values = tuple(value_of(name) for name in _names(text))
    return _render(text, values)


@lru_cache(maxsize=8192)
def _render(text: str, values: tuple[str | None, ...]) -> str:
    by_name = dict(zip(_names(text), values, strict=True))

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = match.group(1)
        if name is None:
            return token
        value = by_name.get(name)
        return escape_text(value) if value is not None else f"({name} unknown)"

    return _TOKEN.sub(replace, text)
