"""Pick the provider version and mode a configuration's hashicorp/aws constraints ask for.

Terraform's constraint syntax: comma-separated `op version` terms, op one of = != > >= < <= ~>
(no op means =). All constraints from all modules must hold at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sespolicy.errors import InputError
from sespolicy.provider.schema import DEFAULT_VERSIONS, mode_for_major

Version = tuple[int, int, int]

_TERM = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$")


@dataclass(frozen=True)
class _Term:
    operator: str
    version: Version
    precision: int  # how many of major.minor.patch were written (matters for ~>)

    def allows(self, candidate: Version) -> bool:
        op, v = self.operator, self.version
        if op == "=":
            return candidate == v
        if op == "!=":
            return candidate != v
        if op == ">":
            return candidate > v
        if op == ">=":
            return candidate >= v
        if op == "<":
            return candidate < v
        if op == "<=":
            return candidate <= v
        # ~> lets only the last written part grow: ~> 5.1 is >= 5.1, < 6.0; ~> 5.1.2 is < 5.2.0.
        if candidate < v:
            return False
        if self.precision <= 2:
            return candidate[0] == v[0]
        return candidate[:2] == v[:2]


@dataclass(frozen=True)
class ProviderChoice:
    mode: str
    version: str


def _parse(constraint: str) -> list[_Term]:
    terms = []
    for text in constraint.split(","):
        match = _TERM.match(text)
        if match is None:
            raise InputError(
                f"cannot read the hashicorp/aws version constraint {constraint!r}; "
                'write it like "~> 6.0" or ">= 5.0, < 6.0"'
            )
        operator, *parts = match.groups()
        precision = sum(part is not None for part in parts)
        version = tuple(int(part or 0) for part in parts)
        terms.append(_Term(operator or "=", version, precision))  # type: ignore[arg-type]
    return terms


def _format(version: Version) -> str:
    return ".".join(str(part) for part in version)


def choose_provider(constraints: Iterable[str], locked: str | None = None) -> ProviderChoice:
    """The version Terraform would use: the locked one if the constraints still allow it,
    else the newest we serve that they allow (v6 first, then v5, v4, v3)."""
    terms = [term for constraint in constraints for term in _parse(constraint)]
    defaults = [tuple(int(p) for p in version.split(".")) for version in DEFAULT_VERSIONS.values()]
    # Exact versions written in a constraint are candidates too, so `= 5.30.0` or
    # `~> 6.2.0` get a provider presenting a version they accept.
    candidates = [*defaults, *sorted({t.version for t in terms}, reverse=True)]
    locked_version = _locked_version(locked)
    if locked_version is not None:
        candidates.insert(0, locked_version)
    for candidate in candidates:
        mode = mode_for_major(candidate[0])
        if mode is None or not all(term.allows(candidate) for term in terms):
            continue
        return ProviderChoice(mode=mode, version=_format(candidate))  # type: ignore[arg-type]
    written = ", ".join(sorted({f"{t.operator} {_format(t.version)}" for t in terms}))
    raise InputError(
        f"the configuration's hashicorp/aws version constraints ({written}) allow no version "
        f"sespolicy plan serves (majors {', '.join(m[1:] for m in DEFAULT_VERSIONS)})"
    )


def accepted_version(constraints: Iterable[str], preferred: str) -> str | None:
    """`preferred` if the constraints allow it, else the newest version written in them that
    they all allow, else None: for twins, which may present any version."""
    terms = [term for constraint in constraints for term in _parse(constraint)]
    candidates = [_locked_version(preferred), *sorted({t.version for t in terms}, reverse=True)]
    for candidate in candidates:
        if candidate is not None and all(term.allows(candidate) for term in terms):
            return _format(candidate)
    return None


def _locked_version(locked: str | None) -> Version | None:
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", locked or "")
    if match is None:
        return None
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]
