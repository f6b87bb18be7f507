"""Version constraints: which hashicorp/aws twin a configuration asks for, which version a
shipped twin presents, and whether the installed Terraform satisfies `required_version`.

Terraform's constraint syntax: comma-separated `op version` terms, op one of = != > >= < <= ~>
(no op means =; a pre-release suffix is read and ignored). All constraints from all modules
must hold at once.

hashicorp/aws modes come from the schemas the package ships (`schema.DEFAULT_VERSIONS`: one
mode per major, each from that major's real schema): a configuration gets the newest version
its constraints allow among those, or an exact version written in them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sespolicy.errors import InputError
from sespolicy.provider.schema import DEFAULT_VERSIONS, mode_for_major

Version = tuple[int, int, int]

_TERM = re.compile(
    r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?\s*$"
)
_VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")


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


def parse_constraint(constraint: str, what: str) -> list[_Term]:
    """The terms of one constraint string; `what` names it in the error (e.g. "hashicorp/aws")."""
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


def _all_terms(constraints: Iterable[str], what: str) -> list[_Term]:
    return [term for constraint in constraints for term in parse_constraint(constraint, what)]


def parse_version(text: str | None) -> Version | None:
    """`6.47.0` (or `v6.47.0`, `1.3.0-beta1`) -> (6, 47, 0); None when it is not a version."""
    match = _VERSION.match(text or "")
    if match is None:
        return None
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def format_version(version: Version) -> str:
    return ".".join(str(part) for part in version)


def satisfies(version: Version, constraint: str, what: str) -> bool:
    return all(term.allows(version) for term in parse_constraint(constraint, what))


def served_majors() -> list[int]:
    """The hashicorp/aws majors a shipped twin serves, newest first."""
    parsed = (parse_version(version) for version in DEFAULT_VERSIONS.values())
    return sorted({version[0] for version in parsed if version is not None}, reverse=True)


def choose_provider(constraints: Iterable[str], locked: str | None = None) -> ProviderChoice:
    """The version Terraform would use: the locked one if the constraints still allow it,
    else the newest we serve that they allow (newest mode first)."""
    constraints = list(constraints)
    terms = _all_terms(constraints, "hashicorp/aws")
    defaults = sorted(
        (v for v in map(parse_version, DEFAULT_VERSIONS.values()) if v is not None), reverse=True
    )
    # Exact versions written in a constraint are candidates too, so `= 5.30.0` or
    # `~> 6.2.0` get a provider presenting a version they accept.
    candidates = [*defaults, *sorted({t.version for t in terms}, reverse=True)]
    locked_version = parse_version(locked)
    if locked_version is not None:
        candidates.insert(0, locked_version)
    for candidate in candidates:
        mode = mode_for_major(candidate[0])
        if mode is None or not all(term.allows(candidate) for term in terms):
            continue
        return ProviderChoice(mode=mode, version=format_version(candidate))
    written = ", ".join(dict.fromkeys(constraints)) or "none"
    served = ", ".join(f"{major}.x" for major in served_majors())
    raise InputError(
        f"the configuration's hashicorp/aws version constraints ({written}) allow no version "
        f"sespolicy plan serves ({served}); plan with real Terraform and pass the plan JSON "
        "to `sespolicy eval`"
    )


def accepted_version(
    constraints: Iterable[str], *preferred: str | None, what: str = "provider"
) -> str | None:
    """The first of `preferred` the constraints allow, else the newest version written in them
    that they all allow, else None: for twins, which may present any version."""
    terms = _all_terms(constraints, what)
    candidates = [
        *(parse_version(version) for version in preferred),
        *sorted({t.version for t in terms}, reverse=True),
    ]
    for candidate in candidates:
        if candidate is not None and all(term.allows(candidate) for term in terms):
            return format_version(candidate)
    return None
