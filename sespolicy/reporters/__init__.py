"""Report formats, registered by name: `get_reporter("sarif").render(report, options)`.

Each format lives in its own module and registers its render function with
`@register_reporter("<name>")`. The built-in modules are imported only when their name is asked
for (see `_BUILTIN_MODULES`): a plain `sespolicy eval` must not pay for xml/html machinery it
never uses, and the CLI has a startup budget.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sespolicy.errors import UsageError
from sespolicy.findings import Report, Severity

DEFAULT_REPORTER = "text"

# name -> module that registers it on import. Kept as data so listing the names (for --help and
# error messages) imports nothing.
_BUILTIN_MODULES: dict[str, str] = {
    "text": "sespolicy.reporters.text",
    "json": "sespolicy.reporters.json_report",
    "sarif": "sespolicy.reporters.sarif",
    "junit": "sespolicy.reporters.junit",
    "github": "sespolicy.reporters.github",
    "cucumber": "sespolicy.reporters.cucumber",
    "html": "sespolicy.reporters.html",
}


@dataclass(frozen=True, kw_only=True)
class ReportOptions:
    """How the user asked for the report; the CLI fills it from flags and the terminal."""

    tool_version: str
    show_passed: bool = False
    # List the rules that selected nothing (not applicable); text shows them only when asked.
    show_not_applicable: bool = False
    # ANSI colour; the CLI turns it on only for a TTY without NO_COLOR.
    color: bool = False
    # Lowest severity of a failed finding that fails the run (the exit code).
    fail_on: Severity = Severity.LOW
    # Treat unknown verdicts like failures (the exit code and formats that mirror it).
    strict: bool = False
    # Finding.key (rule id, input, address) of the findings that fail the run, as the CLI
    # decided them (severity gate, --strict, enforcement levels); None when the caller did
    # not decide.
    failing: frozenset[tuple[str, str, str]] | None = None
    # Notes already shown elsewhere (the CLI prints warnings on stderr): formats meant for the
    # terminal leave them out, so each note is read once.
    hidden_notes: frozenset[str] = frozenset()


RenderFunction = Callable[[Report, ReportOptions], str]


@dataclass(frozen=True)
class Reporter:
    """One report format: `render` turns a Report into the text of that format."""

    name: str
    render: RenderFunction
    description: str


_REGISTRY: dict[str, Reporter] = {}


def register_reporter(name: str) -> Callable[[RenderFunction], RenderFunction]:
    """Decorator: register `render(report, options) -> str` as the format `name`.

    The first line of the function's docstring becomes the format's description.
    """

    def decorate(render: RenderFunction) -> RenderFunction:
        doc = (render.__doc__ or "").strip()
        description = doc.splitlines()[0] if doc else name
        _REGISTRY[name] = Reporter(name=name, render=render, description=description)
        return render

    return decorate


def reporter_names() -> list[str]:
    """Every format name the user may ask for, built-in first, then plug-ins, sorted."""
    builtin = list(_BUILTIN_MODULES)
    extra = sorted(name for name in _REGISTRY if name not in _BUILTIN_MODULES)
    return builtin + extra


def get_reporter(name: str) -> Reporter:
    """The reporter registered as `name`; UsageError naming the known formats otherwise."""
    if name not in _REGISTRY and name in _BUILTIN_MODULES:
        importlib.import_module(_BUILTIN_MODULES[name])
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(reporter_names())
        raise UsageError(f"unknown report format {name!r}; use one of: {known}") from None
