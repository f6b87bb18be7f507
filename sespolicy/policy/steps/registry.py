"""One registry of step definitions, shared by sespolicy's runner and the pytest-bdd plugin.

A step is a function `fn(context, **parameters)`; its pattern uses `parse` syntax (the one
pytest-bdd's `parsers.parse` uses), so the same text matches in both runners.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import parse

StepFunction = Callable[..., None]


@dataclass(frozen=True)
class StepDefinition:
    kind: str  # "given" | "when" | "then"
    pattern: str
    function: StepFunction
    summary: str
    matcher: Any = field(compare=False, repr=False)

    def match(self, text: str) -> dict[str, Any] | None:
        result = self.matcher.parse(text)
        return dict(result.named) if result is not None else None


class StepRegistry:
    def __init__(self) -> None:
        self.definitions: list[StepDefinition] = []
        # (kind, text) -> match: every run matches the same catalog texts again.
        self._matches: dict[tuple[str, str], tuple[StepDefinition, dict[str, Any]] | None] = {}

    def register(self, kind: str, pattern: str) -> Callable[[StepFunction], StepFunction]:
        def decorate(function: StepFunction) -> StepFunction:
            summary = (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else ""
            self.definitions.append(
                StepDefinition(kind, pattern, function, summary, parse.compile(pattern))
            )
            self._matches.clear()
            return function

        return decorate

    def find(self, kind: str, text: str) -> tuple[StepDefinition, dict[str, Any]] | None:
        key = (kind, text)
        if key not in self._matches:
            self._matches[key] = self._find(kind, text)
        found = self._matches[key]
        # A fresh parameter dict per call: callers may not share (or mutate) the memo's copy.
        return (found[0], dict(found[1])) if found is not None else None

    def _find(self, kind: str, text: str) -> tuple[StepDefinition, dict[str, Any]] | None:
        for definition in self.definitions:
            if definition.kind != kind:
                continue
            parameters = definition.match(text)
            if parameters is not None:
                return definition, parameters
        return None

    def closest(self, kind: str, text: str, count: int = 3) -> list[str]:
        patterns = [d.pattern for d in self.definitions if d.kind == kind]
        return difflib.get_close_matches(text, patterns, n=count, cutoff=0.3)


REGISTRY = StepRegistry()


def given(pattern: str) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.register("given", pattern)


def when(pattern: str) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.register("when", pattern)


def then(pattern: str) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.register("then", pattern)
