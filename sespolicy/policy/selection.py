"""Which rules a run judges: `--rule`, `--skip-rule` (ids or families) and `--tags`.

A gate must never pass because of a typo: a rule id, family or tag that names nothing in the
catalog is an InputError naming the closest names, and so is a selection that leaves no rule
to run. Ids, families and tags match case-insensitively (`ses-recv-001` is `SES-RECV-001`).

Tag expressions are parsed by a small recursive-descent parser (`not` binds tightest, then
`and`, then `or`; parentheses group), never evaluated as code. A tag matches a rule when the
rule carries it: the scenario's and its feature's tags, plus its rule id, its family and
`severity:<its severity>` (so a rule without a severity tag still matches `@severity:medium`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from sespolicy.display import escape_text
from sespolicy.errors import InputError
from sespolicy.suggest import closest

if TYPE_CHECKING:
    from sespolicy.findings import RuleInfo
    from sespolicy.policy.catalog import Rule

_OPERATORS = ("and", "or", "not")
_EXAMPLE = "'@severity:high and not @SES-SUPP'"


def _fold(name: str) -> str:
    return name.strip().lstrip("@").casefold()


def _tag_names(info: RuleInfo) -> Iterator[str]:
    """Every name a tag expression can use for a rule, as the catalog spells it: its tags, its
    rule id, its family and `severity:<its severity>`."""
    yield from info.tags
    yield info.rule_id
    yield info.family
    yield f"severity:{info.severity.value}"


def rule_tags(info: RuleInfo) -> frozenset[str]:
    """Every name a tag expression can use for a rule, case-folded and without `@`."""
    return frozenset(_fold(name) for name in _tag_names(info))


# --- tag expressions -------------------------------------------------------------------


@dataclass(frozen=True)
class _Tag:
    name: str  # as written, without `@`

    def matches(self, tags: frozenset[str]) -> bool:
        return _fold(self.name) in tags

    def names(self) -> Iterable[str]:
        yield self.name


@dataclass(frozen=True)
class _Not:
    operand: TagExpression

    def matches(self, tags: frozenset[str]) -> bool:
        return not self.operand.matches(tags)

    def names(self) -> Iterable[str]:
        return self.operand.names()


@dataclass(frozen=True)
class _Both:
    left: TagExpression
    right: TagExpression

    def matches(self, tags: frozenset[str]) -> bool:
        return self.left.matches(tags) and self.right.matches(tags)

    def names(self) -> Iterable[str]:
        yield from self.left.names()
        yield from self.right.names()


@dataclass(frozen=True)
class _Either:
    left: TagExpression
    right: TagExpression

    def matches(self, tags: frozenset[str]) -> bool:
        return self.left.matches(tags) or self.right.matches(tags)

    def names(self) -> Iterable[str]:
        yield from self.left.names()
        yield from self.right.names()


TagExpression = _Tag | _Not | _Both | _Either


def _tokens(expression: str) -> list[str]:
    return expression.replace("(", " ( ").replace(")", " ) ").split()


class _Parser:
    """expression := term ("or" term)*; term := factor ("and" factor)*;
    factor := "not" factor | "(" expression ")" | TAG"""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokens(expression)
        self.position = 0

    def parse(self) -> TagExpression:
        if not self.tokens:
            raise self._error("it is empty")
        parsed = self._expression()
        if self.position < len(self.tokens):
            token = self.tokens[self.position]
            if token == ")":
                raise self._error("a `)` closes nothing")
            raise self._error(f"expected `and` or `or` before {token!r}")
        return parsed

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> str:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _expression(self) -> TagExpression:
        left = self._term()
        while (self._peek() or "").lower() == "or":
            self._take()
            left = _Either(left, self._term())
        return left

    def _term(self) -> TagExpression:
        left = self._factor()
        while (self._peek() or "").lower() == "and":
            self._take()
            left = _Both(left, self._factor())
        return left

    def _factor(self) -> TagExpression:
        token = self._peek()
        if token is None:
            raise self._error("it ends where a tag was expected")
        lowered = token.lower()
        if lowered == "not":
            self._take()
            return _Not(self._factor())
        if token == "(":
            self._take()
            inner = self._expression()
            if self._peek() != ")":
                raise self._error("a `(` is never closed")
            self._take()
            return inner
        if token == ")" or lowered in _OPERATORS:
            raise self._error(f"expected a tag, found {token!r}")
        self._take()
        name = token[1:] if token.startswith("@") else token
        if not name:
            raise self._error("`@` needs a tag name after it")
        return _Tag(name)

    def _error(self, problem: str) -> InputError:
        return InputError(
            f"--tags {escape_text(repr(self.expression))} is not a tag expression: {problem}; "
            f"write e.g. {_EXAMPLE} (and, or, not, parentheses)"
        )


def parse_tag_expression(expression: str) -> TagExpression:
    """The parsed expression; InputError with what is wrong and an example otherwise."""
    return _Parser(expression).parse()


def tag_expression_matches(expression: str, tags: Iterable[str]) -> bool:
    """Whether a rule with these tags is selected by `expression` (`@` optional)."""
    return parse_tag_expression(expression).matches(frozenset(_fold(tag) for tag in tags))


# --- the selection ---------------------------------------------------------------------


def _names(values: Iterable[str]) -> tuple[str, ...]:
    """Ids as given, one per item; `SES-RECV-001,SES-AUTH` counts as two."""
    return tuple(
        part.strip() for value in values for part in value.split(",") if part.strip()
    )


@dataclass(frozen=True)
class Selection:
    """Which rules to run: --rule, --skip-rule (ids or families) and --tags."""

    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    tags: str | None = None

    @cached_property
    def _only(self) -> frozenset[str]:
        return frozenset(_fold(name) for name in _names(self.only))

    @cached_property
    def _skip(self) -> frozenset[str]:
        return frozenset(_fold(name) for name in _names(self.skip))

    @cached_property
    def _expression(self) -> TagExpression | None:
        return None if self.tags is None else parse_tag_expression(self.tags)

    def accepts(self, rule: Rule) -> bool:
        info = rule.info
        names = {_fold(info.rule_id), _fold(info.family)}
        if self._only and not names & self._only:
            return False
        if names & self._skip:
            return False
        expression = self._expression
        return expression is None or expression.matches(rule_tags(info))

    def choose(self, rules: Sequence[Rule]) -> list[Rule]:
        """The rules to run, after checking every name against the catalog.

        InputError when an id, family or tag names nothing in `rules` (with the closest
        names), or when the selection leaves no rule at all: either would make a gate that
        judges nothing and passes.
        """
        self._check_names(rules)
        chosen = [rule for rule in rules if self.accepts(rule)]
        if not chosen:
            raise InputError(self._nothing_left(rules))
        return chosen

    def _check_names(self, rules: Sequence[Rule]) -> None:
        ids = {_fold(r.info.rule_id): r.info.rule_id for r in rules}
        ids.update({_fold(r.info.family): r.info.family for r in rules})
        for option, given in (("--rule", self.only), ("--skip-rule", self.skip)):
            for name in _names(given):
                if _fold(name) not in ids:
                    raise InputError(_unknown("rule id or family", option, name, ids.values()))
        expression = self._expression
        if expression is None:
            return
        known: dict[str, str] = {}
        for rule in rules:
            for tag in _tag_names(rule.info):
                known.setdefault(_fold(tag), tag.lstrip("@"))
        for name in expression.names():
            if _fold(name) not in known:
                spelled = ["@" + tag for tag in known.values()]
                raise InputError(_unknown("tag", "--tags", "@" + name, spelled))

    def _nothing_left(self, rules: Sequence[Rule]) -> str:
        if not rules:
            return "the policy catalog has no rules; give --policies folders with .feature files"
        asked = [f"--rule {name}" for name in _names(self.only)]
        asked += [f"--skip-rule {name}" for name in _names(self.skip)]
        if self.tags is not None:
            asked.append(f"--tags {self.tags!r}")
        return (
            f"{escape_text(' '.join(asked))} together select none of the {len(rules)} rules, so "
            "nothing would be judged; `sespolicy rules` lists the ids, families and tags"
        )


def _unknown(what: str, option: str, name: str, known: Iterable[str]) -> str:
    candidates = sorted(set(known))
    close = closest(name, candidates, key=_fold)
    hint = f"; closest: {', '.join(close)}" if close else ""
    return (
        f"{option} {escape_text(name)}: no {what} of the catalog has this name{hint} "
        "(`sespolicy rules` lists them)"
    )

