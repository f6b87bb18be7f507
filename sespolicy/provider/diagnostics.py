"""Terraform's error output turned into one line that names every error and what to do.

Terraform prints each diagnostic as `Error: <summary>`, then `on <file> line <n>, in ...:`, the
source line, and a paragraph of detail; it wraps at 78 columns and may draw a box (`│`) around
it. All errors of a run are reported, not only the first: a user should fix everything in one
go. The result is escaped for logs: the output quotes configuration text, which may come from
a pull request.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sespolicy.display import escape_text
from sespolicy.provider.configscan import Variable
from sespolicy.provider.sources import provider_address, short_address
from sespolicy.provider.variables import describe_missing

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BOX = re.compile(r"^[│╷╵] ?", re.MULTILINE)  # the frame Terraform draws on a terminal
_LOCATION = re.compile(r"^\s*on (\S+) line (\d+)")
_WITH = re.compile(r"^\s*with \S+,$")
_SNIPPET = re.compile(r"^\s*\d+:\s?(.*)$")
_SENTENCE = re.compile(r"^(.+?\.)(?:\s|$)")
_MAX_DETAIL_CHARS = 200
# Errors that only announce the ones that follow.
_PREAMBLES = ("Terraform encountered problems during initialisation",)


@dataclass(frozen=True)
class Diagnostic:
    summary: str
    location: str | None  # "main.tf line 3"
    snippet: str  # the source lines Terraform quoted
    detail: str  # the explanation, unwrapped into one paragraph

    @property
    def where(self) -> str:
        return f" ({self.location})" if self.location else ""


def parse_errors(output: str) -> list[Diagnostic]:
    """Every `Error:` diagnostic in Terraform's output, in order."""
    text = _BOX.sub("", _ANSI.sub("", output))
    errors = []
    for chunk in re.split(r"^(?=(?:Error|Warning): )", text, flags=re.MULTILINE):
        if not chunk.startswith("Error: "):
            continue
        heading, _, rest = chunk.partition("\n")
        location, snippet, detail = None, "", []
        for paragraph in re.split(r"\n\s*\n", rest):
            lines = paragraph.strip("\n").splitlines()
            if not lines:
                continue
            # The source paragraph: `with <address>,` (for a provider's diagnostic), then
            # `on <file> line <n>, in ...:`, then the quoted lines.
            start = 1 if _WITH.match(lines[0]) and len(lines) > 1 else 0
            found = _LOCATION.match(lines[start])
            if found and location is None and not detail:
                location = f"{found.group(1)} line {found.group(2)}"
                quoted = map(_SNIPPET.match, lines[start + 1 :])
                snippet = "\n".join(m.group(1) for m in quoted if m)
            else:
                detail.append(" ".join(line.strip() for line in lines))
        summary = heading[len("Error: ") :].strip()
        if summary.startswith(_PREAMBLES):
            continue
        errors.append(Diagnostic(summary, location, snippet, " ".join(detail)))
    return errors


def _first_sentence(detail: str) -> str:
    found = _SENTENCE.match(detail)
    sentence = found.group(1) if found else detail
    if len(sentence) > _MAX_DETAIL_CHARS:
        sentence = sentence[: _MAX_DETAIL_CHARS - 1] + "…"
    return sentence


@dataclass
class FailureContext:
    """What sespolicy knows that Terraform's messages do not say."""

    root_variables: Sequence[Variable] = ()


def _unsupported_core(errors: list[Diagnostic], context: FailureContext) -> str:
    parts = []
    installed = None
    for error in errors:
        constraint = re.search(r'required_version\s*=\s*"([^"]*)"', error.snippet)
        version = re.search(r"Terraform version (\S+?)\.?(?:\s|$)", error.detail)
        installed = version.group(1) if version else installed
        written = constraint.group(1) if constraint else "a version constraint"
        parts.append(f"{written}{error.where}")
    return (
        f"the configuration requires Terraform {' and '.join(parts)}, but the installed "
        f"Terraform is {installed or 'another version'}; install a version they allow and "
        "pass it with --terraform PATH"
    )


def _missing_variables(errors: list[Diagnostic], context: FailureContext) -> str:
    names = []
    for error in errors:
        found = re.search(r'input variable "([^"]+)" is not set', error.detail)
        if found:
            names.append(found.group(1))
    known = {variable.name: variable for variable in context.root_variables}
    variables = [
        known[name] if name in known else Variable(name, "any", True, None) for name in names
    ]  # type: ignore[arg-type]
    return describe_missing(variables)


def _unsupported_types(errors: list[Diagnostic], context: FailureContext) -> str:
    named = []
    for error in errors:
        found = re.search(r'does not support (resource|data source) type "([\w-]+)"', error.detail)
        if found:
            named.append(f"{found.group(1)} {found.group(2)}{error.where}")
    return f"types no twin serves: {', '.join(named)}"


_PROVIDER_IN_DETAIL = re.compile(
    r"(?:provider|for provider) ((?:[\w.\-]+/)?[\w.\-]+/[\w.\-]+)(?=[:\s,]|$)"
)


def _missing_providers(errors: list[Diagnostic], context: FailureContext) -> str:
    sources = []
    for error in errors:
        for found in _PROVIDER_IN_DETAIL.finditer(error.detail):
            source = short_address(provider_address(found.group(1)))
            if source not in sources:
                sources.append(source)
    listed = ", ".join(sources) or "a provider"
    return (
        f"Terraform found no offline copy of {listed}; run `terraform init` online once in the "
        "directory so sespolicy can serve it from .terraform/providers"
    )


def _module_failures(errors: list[Diagnostic], context: FailureContext) -> str:
    listed = "; ".join(f"{e.summary}{e.where}: {_first_sentence(e.detail)}" for e in errors)
    return (
        f"{listed} (sespolicy plan runs offline: only local module sources and modules cached "
        "by an online `terraform init` in .terraform/modules work)"
    )


def _is_module_error(error: Diagnostic) -> bool:
    text = f"{error.summary} {error.detail}".lower()
    return "module" in error.summary.lower() or "module registry" in text


# Errors explained together with others of their kind: (matches, explain all of them).
_EXPLAINERS: tuple[
    tuple[Callable[[Diagnostic], bool], Callable[[list[Diagnostic], FailureContext], str]], ...
] = (
    (lambda e: e.summary == "Unsupported Terraform Core version", _unsupported_core),
    (lambda e: e.summary == "No value for required variable", _missing_variables),
    (lambda e: e.summary in ("Invalid resource type", "Invalid data source"), _unsupported_types),
    (
        lambda e: e.summary.startswith(
            (
                "Failed to query available provider packages",
                "Failed to resolve provider packages",
                "Failed to install provider",
            )
        ),
        _missing_providers,
    ),
    (_is_module_error, _module_failures),
)


def explain_failure(step: str, output: str, context: FailureContext | None = None) -> str:
    """Terraform's failure as one line that names every error."""
    context = context or FailureContext()
    errors = parse_errors(output)
    if not errors:
        first = next((line.strip() for line in output.splitlines() if line.strip()), "no output")
        return escape_text(f"terraform {step} failed: {first}")
    explained: list[str] = []
    remaining = list(errors)
    for matches, explain in _EXPLAINERS:
        group = [error for error in remaining if matches(error)]
        if group:
            explained.append(explain(group, context))
            remaining = [error for error in remaining if error not in group]
    for error in _merge_same(remaining):
        detail = _first_sentence(error.detail)
        explained.append(f"{error.summary}{error.where}" + (f": {detail}" if detail else ""))
    count = f" with {len(errors)} errors" if len(errors) > 1 else ""
    return escape_text(f"terraform {step} failed{count}: " + "; ".join(explained))


def _merge_same(errors: list[Diagnostic]) -> list[Diagnostic]:
    """One entry per summary and detail, listing every place it occurs."""
    merged: dict[tuple[str, str], list[str]] = {}
    for error in errors:
        merged.setdefault((error.summary, error.detail), [])
        if error.location:
            merged[(error.summary, error.detail)].append(error.location)
    return [
        Diagnostic(summary, ", ".join(locations) or None, "", detail)
        for (summary, detail), locations in merged.items()
    ]
