"""One registry of step definitions, shared by sespolicy's runner and the pytest-bdd plugin.

A step definition has a readable template (`I follow "{attributes}" to "{types}"`), a regular
expression made from it (or given, for steps with optional parts), typed parameters (see
parameters.py), and a contract: what it needs from earlier steps and what it provides to later
ones (resources in scope, targets, the Regions an MX record points at, a verdict). Policies are
bound to definitions when they load, so an unknown step, a parameter of the wrong kind or a
step out of order is an error naming the file and line before anything runs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sespolicy.policy.steps.parameters import PARAMETER_TYPES, ParameterError, ParameterType

StepFunction = Callable[..., None]


class Capability(str, Enum):
    """What a step needs from the steps before it, or provides to those after it."""

    SCOPE = "resources in scope"
    TARGETS = "targets"
    POINTED = "the Regions it points at"
    VERDICT = "a verdict"


class Role(str, Enum):
    SELECT = "select"  # Given: chooses the resources in scope
    NARROW = "narrow"  # When: keeps some of them
    RELATE = "relate"  # When: finds what each one points at or belongs with
    JUDGE = "judge"  # Then: a verdict for every resource in scope
    DESCRIBE = "describe"  # Then: the words of the verdict just given


@dataclass(frozen=True)
class Messages:
    """A judge step's generic words, with {field} placeholders (see templates.py)."""

    passed: str
    failed: str
    fix: str = ""


@dataclass(frozen=True)
class StepDefinition:
    kind: str  # "given" | "when" | "then"
    template: str  # as policy authors read it, with {parameter} placeholders
    regex: re.Pattern[str]
    parameters: Mapping[str, ParameterType]
    function: StepFunction = field(compare=False, repr=False)
    summary: str = ""
    role: Role = Role.NARROW
    needs: frozenset[Capability] = frozenset()
    provides: frozenset[Capability] = frozenset()
    # Judge steps: the fields their verdicts fill for messages, and their generic messages.
    fields: frozenset[str] = frozenset()
    messages: Messages | None = None

    @property
    def pattern(self) -> str:
        return self.template

    def match(self, text: str) -> dict[str, str] | None:
        """The raw text of each parameter, or None when the step text does not match."""
        found = self.regex.fullmatch(text)
        if found is None:
            return None
        return {name: value for name, value in found.groupdict().items() if value is not None}

    def convert(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Typed arguments from the raw parameter text; ParameterError names the bad one."""
        arguments: dict[str, Any] = {}
        for name, text in raw.items():
            kind = self.parameters.get(name)
            if kind is None:
                arguments[name] = text
                continue
            try:
                arguments[name] = kind.convert(text)
            except ParameterError as problem:
                raise ParameterError(f"{kind.name} {problem}") from None
        return arguments


def regex_from_template(template: str) -> str:
    """`its "{attribute}" is "{value}"` -> a regular expression with one group per parameter."""
    pieces: list[str] = []
    position = 0
    for placeholder in re.finditer(r'"\{(\w+)\}"|\{(\w+)\}', template):
        pieces.append(re.escape(template[position : placeholder.start()]))
        if placeholder.group(1):
            pieces.append(f'"(?P<{placeholder.group(1)}>[^"]*)"')
        else:
            pieces.append(f"(?P<{placeholder.group(2)}>.+?)")
        position = placeholder.end()
    pieces.append(re.escape(template[position:]))
    return "".join(pieces)


class StepRegistry:
    def __init__(self) -> None:
        self.definitions: list[StepDefinition] = []
        # (kind, text) -> match: every run matches the same catalog texts again.
        self._matches: dict[tuple[str, str], tuple[StepDefinition, dict[str, str]] | None] = {}

    def step(
        self,
        kind: str,
        template: str,
        *,
        role: Role,
        regex: str | None = None,
        needs: tuple[Capability, ...] = (),
        provides: tuple[Capability, ...] = (),
        fields: tuple[str, ...] = (),
        messages: Messages | None = None,
    ) -> Callable[[StepFunction], StepFunction]:
        compiled = re.compile(regex or regex_from_template(template))

        def decorate(function: StepFunction) -> StepFunction:
            summary = (function.__doc__ or "").strip().split("\n\n")[0]
            self.definitions.append(
                StepDefinition(
                    kind=kind,
                    template=template,
                    regex=compiled,
                    parameters={
                        name: PARAMETER_TYPES[name]
                        for name in compiled.groupindex
                        if name in PARAMETER_TYPES
                    },
                    function=function,
                    summary=" ".join(summary.split()),
                    role=role,
                    needs=frozenset(needs),
                    provides=frozenset(provides),
                    fields=frozenset(fields),
                    messages=messages,
                )
            )
            self._matches.clear()
            return function

        return decorate

    def find(self, kind: str, text: str) -> tuple[StepDefinition, dict[str, str]] | None:
        key = (kind, text)
        if key not in self._matches:
            self._matches[key] = self._find(kind, text)
        found = self._matches[key]
        # A fresh dict per call: callers may not share (or mutate) the memo's copy.
        return (found[0], dict(found[1])) if found is not None else None

    def _find(self, kind: str, text: str) -> tuple[StepDefinition, dict[str, str]] | None:
        for definition in self.definitions:
            if definition.kind != kind:
                continue
            raw = definition.match(text)
            if raw is not None:
                return definition, raw
        return None

    def closest(self, kind: str, text: str, count: int = 3) -> list[str]:
        templates = [d.template for d in self.definitions if d.kind == kind]
        return difflib.get_close_matches(text, templates, n=count, cutoff=0.3)


REGISTRY = StepRegistry()


def given(template: str, **options: Any) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.step("given", template, **options)


def when(template: str, **options: Any) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.step("when", template, **options)


def then(template: str, **options: Any) -> Callable[[StepFunction], StepFunction]:
    return REGISTRY.step("then", template, **options)
