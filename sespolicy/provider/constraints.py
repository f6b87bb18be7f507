"""Version constraints: which hashicorp/aws twin a configuration asks for, and whether the
installed Terraform satisfies its `required_version`.

Terraform's constraint syntax: comma-separated `op version` terms, op one of = != > >= < <= ~>
(no op means =). All constraints from all modules must hold at once.

Provider modes come from the twins the package ships (`DEFAULT_VERSIONS`: one mode per major
version, e.g. v6, v5, v4). A configuration pinned to hashicorp/aws 3.x is planned with the v4
mode when there is one, presenting a 3.x version its constraint accepts: 4.0 removed few
arguments and kept the old S3 bucket arguments (deprecated, since 4.9), and SES types did not
change, so a 3.x configuration mostly plans unchanged; an argument 4.x dropped is reported by
Terraform with its file and line. The plan says so in a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sespolicy.errors import InputError
from sespolicy.provider.schema import DEFAULT_VERSIONS

Version = tuple[int, int, int]

_TERM = re.compile(
    r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?\s*$"
)
_VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")
# The last hashicorp/aws 3.x release: what a `~> 3.0` configuration gets.
_NEWEST_3X: Version = (3, 76, 1)


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

    def __str__(self) -> str:
        return f"{self.operator} {format_version(self.version)}"


@dataclass(frozen=True)
class ProviderChoice:
    mode: str
    version: str
    note: str | None = None  # a remark for the user, e.g. a 3.x pin planned with the 4.x schema


def parse_constraint(constraint: str, what: str) -> list[_Term]:
    terms = []
    for text in constraint.split(","):
        match = _TERM.match(text)
        if match is None:
            raise InputError(
                f"cannot read the {what} version constraint {constraint!r}; "
                'write it like "~> 6.0" or ">= 5.0, < 6.0"'
            )
        operator, *parts = match.groups()
        precision = sum(part is not None for part in parts)
        version = tuple(int(part or 0) for part in parts)
        terms.append(_Term(operator or "=", version, precision))  # type: ignore[arg-type]
    return terms


def parse_version(text: str | None) -> Version | None:
    match = _VERSION.match(text or "")
    if match is None:
        return None
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)


def satisfies(version: Version, constraint: str, what: str) -> bool:
    return all(term.allows(version) for term in parse_constraint(constraint, what))


def modes_by_major() -> dict[int, str]:
    """Each major version of hashicorp/aws the package ships a twin mode for."""
    majors = {}
    for mode, version in DEFAULT_VERSIONS.items():
        parsed = parse_version(version)
        if parsed is not None:
            majors[parsed[0]] = mode
    return majors


def choose_provider(constraints: Iterable[str], locked: str | None = None) -> ProviderChoice:
    """The version Terraform would use: the locked one if the constraints still allow it,
    else the newest we serve that they allow (newest mode first)."""
    terms = [
        term for constraint in constraints for term in parse_constraint(constraint, "hashicorp/aws")
    ]
    majors = modes_by_major()
    if 4 in majors:
        majors.setdefault(3, majors[4])
    defaults = sorted(
        (parse_version(version) for version in DEFAULT_VERSIONS.values()), reverse=True
    )
    candidates: list[Version] = [v for v in defaults if v is not None]
    if 3 in majors:
        candidates.append(_NEWEST_3X)
    # Exact versions written in a constraint are candidates too, so `= 5.30.0` or
    # `~> 6.2.0` get a provider presenting a version they accept.
    candidates += sorted({t.version for t in terms}, reverse=True)
    locked_version = parse_version(locked)
    if locked_version is not None:
        candidates.insert(0, locked_version)
    for candidate in candidates:
        mode = majors.get(candidate[0])
        if mode is None or not all(term.allows(candidate) for term in terms):
            continue
        note = None
        if candidate[0] == 3:
            note = (
                f"hashicorp/aws {format_version(candidate)} (a 3.x pin) is planned with the "
                "4.x schema; an argument 4.0 removed is reported by Terraform"
            )
        return ProviderChoice(mode=mode, version=format_version(candidate), note=note)
    written = ", ".join(dict.fromkeys(constraints)) or "none"
    served = ", ".join(f"{major}.x" for major in sorted(majors, reverse=True))
    raise InputError(
        f"the configuration's hashicorp/aws version constraints ({written}) allow no version "
        f"sespolicy plan serves ({served}); plan with real Terraform and pass the plan JSON "
        "to `sespolicy eval`"
    )
