"""What a scenario's steps share: the graph, the resources in scope, what each one points at,
and the verdicts.

A *subject* is a resource in scope. Relating steps give it *targets* (what it refers to, or
the resources that share a key with it); where a candidate's key is unknown until apply, the
candidate is kept in a shared *maybe* pool, because it may turn out to be a target. A subject
whose scope or targets cannot be settled carries a *doubt*: its verdict is unknown, with the
reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sespolicy.findings import RelatedResource, Status
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.ses_regions import SesAvailability

if TYPE_CHECKING:
    from sespolicy.policy.steps.registry import StepDefinition

_RANK = {Status.PASS: 0, Status.UNKNOWN: 1, Status.FAIL: 2}
T = TypeVar("T")


@dataclass(frozen=True)
class Doubt:
    """Why a verdict cannot be reached, and what would let it be."""

    reason: str
    hint: str = ""


class Target(NamedTuple):
    # A tuple: scopes hold many of them, and they are made and dropped by the thousand.
    address: str
    via: str | None  # the attribute that refers to it, or how it was found


@dataclass(frozen=True)
class MaybePool:
    """Candidates that may be targets: their key is known only after apply. Shared by every
    subject of a step (one tuple, not a copy per subject)."""

    addresses: tuple[str, ...]
    what: str  # e.g. "aws_route53_record whose DNS name is known only after apply"

    def describe(self) -> str:
        shown = ", ".join(self.addresses[:3]) + (" …" if len(self.addresses) > 3 else "")
        return f"{len(self.addresses)} {self.what} ({shown})"


class PoolMemo:
    """Values worked out once per maybe pool (and key): the subjects of a step share one pool,
    so work on it per subject would repeat for every subject. Each pool is held while its entry
    lives, so its id cannot be reused by another pool meanwhile."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, object], tuple[MaybePool, Any]] = {}

    def get(self, pool: MaybePool, key: object, compute: Callable[[], T]) -> T:
        memo = (id(pool), key)
        entry = self._entries.get(memo)
        if entry is None:
            entry = self._entries[memo] = (pool, compute())
        return entry[1]


def sift_targets(
    subject: Subject,
    test: Callable[[str], bool | None],
    pools: PoolMemo,
    pool_key: object,
    doubtful_what: str,
) -> None:
    """Keep the subject's targets for which the test says True; None (cannot tell) moves a
    target to the subject's maybe pool, described as `doubtful_what`. The shared pool keeps the
    candidates the test does not rule out, worked out once per (pool, pool_key)."""
    kept: list[Target] = []
    doubtful: list[str] = []
    for target in subject.targets:
        verdict = test(target.address)
        if verdict:
            kept.append(target)
        elif verdict is None:
            doubtful.append(target.address)
    subject.targets = kept
    pool = subject.maybe
    if pool is not None:
        shared = pool

        def survivors() -> MaybePool | None:
            left = tuple(a for a in shared.addresses if test(a) is not False)
            return MaybePool(left, shared.what) if left else None

        pool = pools.get(shared, pool_key, survivors)
    if doubtful:
        pool = MaybePool((*doubtful, *(pool.addresses if pool else ())), doubtful_what)
    subject.maybe = pool


@dataclass(frozen=True)
class PointedRegion:
    """A Region named by an endpoint host in one of the subject's values."""

    region: str
    host: str


@dataclass(slots=True)
class Subject:
    address: str
    targets: list[Target] = field(default_factory=list)
    maybe: MaybePool | None = None
    doubt: Doubt | None = None
    pointed: tuple[PointedRegion, ...] = ()
    # What the last relating step looked for, for messages ("aws_ses_active_receipt_rule_set
    # in eu-west-1").
    relation: str = ""

    def add_doubt(self, doubt: Doubt) -> None:
        if self.doubt is None:
            self.doubt = doubt


@dataclass(slots=True)
class Outcome:
    """One subject's verdict from one judge step, before its words are rendered."""

    status: Status
    step: int  # index of the judge step in the scenario (its words may be the rule's own)
    fields: dict[str, str]
    related: tuple[RelatedResource, ...] = ()
    doubt: Doubt | None = None


@dataclass
class ScenarioContext:
    graph: ResourceGraph
    availability: SesAvailability
    subjects: list[Subject] | None = None
    verdicts: dict[str, Outcome] = field(default_factory=dict)
    # Index of the step running now, and of the last judge step (describe steps refer to it).
    step_index: int = 0
    last_judge: int | None = None
    # Judge step index -> {"failed": template, "fix": template}: a rule's own words.
    words: dict[int, dict[str, str]] = field(default_factory=dict)
    # The definition of each step run so far (a verdict's generic words are its step's).
    definitions: list[StepDefinition] = field(default_factory=list)
    # The input the graph comes from (what findings and related resources say they belong to).
    input_name: str = ""

    def scope(self) -> list[Subject]:
        if self.subjects is None:
            raise LookupError("no resources selected yet: start the scenario with a Given step")
        return self.subjects

    def judge(
        self,
        subject: Subject,
        status: Status,
        fields: dict[str, str] | None = None,
        related: tuple[RelatedResource, ...] = (),
        doubt: Doubt | None = None,
    ) -> None:
        """Record a verdict; a resource keeps its worst verdict across judge steps."""
        unique = related if len(related) < 2 else _unique(related)
        outcome = Outcome(status, self.step_index, fields or {}, unique, doubt)
        current = self.verdicts.get(subject.address)
        if current is None or _RANK[status] > _RANK[current.status]:
            self.verdicts[subject.address] = outcome

    def related(self, attribute: str | None, address: str) -> RelatedResource:
        """A resource of the graph that took part in a verdict, with its Region."""
        graph = self.graph
        return RelatedResource(
            graph.plain_address(address),
            attribute,
            graph.region(address).region,
            graph.input_of(address) or self.input_name,
        )


def _unique(related: tuple[RelatedResource, ...]) -> tuple[RelatedResource, ...]:
    """Each resource once (the first mention keeps its attribute)."""
    seen: set[str] = set()
    kept = []
    for item in related:
        if item.address not in seen:
            seen.add(item.address)
            kept.append(item)
    return tuple(kept)
