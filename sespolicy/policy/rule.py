"""A rule of the catalog as sespolicy runs it: one scenario (or Examples row) and its steps.

Kept apart from catalog.py (which parses .feature files into rules) so that the parse cache can
read and write rules without importing the parser, and the parser can use the cache.
"""

from __future__ import annotations

from dataclasses import dataclass

from sespolicy.findings import RuleInfo


@dataclass(frozen=True)
class PolicyStep:
    kind: str
    text: str
    line: int
    keyword: str


@dataclass(frozen=True)
class Rule:
    """One runnable scenario (an Examples row of an Outline is a rule of its own)."""

    info: RuleInfo
    steps: tuple[PolicyStep, ...]
    file: str
    line: int
