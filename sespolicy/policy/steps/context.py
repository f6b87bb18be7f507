"""What a scenario's steps share: the graph, the resources in scope, and the verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from sespolicy.findings import RelatedResource, Status
from sespolicy.world.graph import ResourceGraph
from sespolicy.world.ses_regions import SesAvailability

_WORST = {Status.PASS: 0, Status.UNKNOWN: 1, Status.FAIL: 2}


@dataclass
class Subject:
    """A resource in scope and, after a `When I follow …` step, what it points at."""

    address: str
    related: list[tuple[str, str]] = field(default_factory=list)  # (attribute, target)
    # Set when the followed attribute is present but its target cannot be identified.
    unresolved: str | None = None
    # Free-form facts a step leaves for a later one (e.g. the identity name).
    facts: dict[str, object] = field(default_factory=dict)


@dataclass
class Verdict:
    status: Status
    message: str
    remediation: str = ""
    related: tuple[RelatedResource, ...] = ()


@dataclass
class ScenarioContext:
    graph: ResourceGraph
    availability: SesAvailability
    subjects: list[Subject] | None = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    def scope(self) -> list[Subject]:
        if self.subjects is None:
            raise LookupError("no resources selected yet: start the scenario with a Given step")
        return self.subjects

    def judge(self, subject: Subject, verdict: Verdict) -> None:
        """Record a verdict; a resource keeps its worst verdict across Then steps."""
        current = self.verdicts.get(subject.address)
        if current is None or _WORST[verdict.status] > _WORST[current.status]:
            self.verdicts[subject.address] = verdict

    def related(self, attribute: str | None, address: str) -> RelatedResource:
        region = self.graph.region(address).region if address in self.graph else None
        return RelatedResource(address=address, attribute=attribute, region=region)
