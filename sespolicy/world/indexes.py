"""Typed per-graph indexes the rules read, each built once, on first use.

Rules join resources by key (identity, DNS name …), by Region and by literal values; doing
that by scanning would make a run quadratic in the plan's size. Each index here is built in
one pass over the resources it concerns and then answers in constant time per lookup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from sespolicy.world.attribute_paths import format_path, iter_leaves, marked_within, strings_in
from sespolicy.world.aws_types import KEYS, facts
from sespolicy.world.keys import KeyValue, domain_of, key_value
from sespolicy.world.model import iter_expressions

if TYPE_CHECKING:
    from sespolicy.world.graph import ResourceGraph
    from sespolicy.world.model import ResourceInstance

_GLOB_CHARACTERS = frozenset("*?[")
# Words inside values (DKIM tokens inside record names and targets, names inside ARNs).
_WORD = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True)
class KeyBuckets:
    """Resources of some types by key value; those whose key is unknown are kept apart."""

    by_token: dict[str, list[str]]
    unknown: tuple[str, ...]

    def parents_of(self, domain: str) -> Iterator[str]:
        """Addresses whose key is `domain` or a parent domain of it (DNS containment)."""
        labels = domain.split(".")
        for start in range(len(labels)):
            yield from self.by_token.get(".".join(labels[start:]), ())


@dataclass
class RecipientIndex:
    """Resources by the mail they accept, with SES receipt-rule `recipients` semantics: no
    recipients accept everything; `example.com` and `user@example.com` accept that domain;
    `.example.com` accepts its subdomains."""

    everything: list[str] = field(default_factory=list)
    domains: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    suffixes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Resources whose recipients are known only after apply: they may accept anything.
    unknown: list[str] = field(default_factory=list)

    def accepting(self, domain: str) -> list[str]:
        """Addresses that accept mail for `domain` (each once), in constant time per label."""
        found = [*self.everything, *self.domains.get(domain, ())]
        labels = domain.split(".")
        for start in range(1, len(labels)):
            found.extend(self.suffixes.get("." + ".".join(labels[start:]), ()))
        return list(dict.fromkeys(found))


@dataclass
class LiteralIndex:
    """String values of some types' resources, whole and word by word, for "uses its …"."""

    whole: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


class GraphIndexes:
    def __init__(self, graph: ResourceGraph) -> None:
        self.graph = graph
        self._keys: dict[tuple[str, str], KeyValue] = {}
        self._buckets: dict[tuple[str, frozenset[str]], KeyBuckets] = {}
        self._by_region: dict[frozenset[str], dict[str | None, list[str]]] = {}
        self._type_matches: dict[str, frozenset[str]] = {}
        self._literals: dict[frozenset[str], LiteralIndex] = {}
        self._providers_by_region: dict[str, list[str]] | None = None
        self._aws_major: int | bool | None = False  # False: not computed yet
        self._set_paths: dict[tuple[str, str], tuple[str, ...]] = {}
        self._recipients: dict[tuple[frozenset[str], str], RecipientIndex] = {}

    # -- types -----------------------------------------------------------------------------

    def types_matching(self, selector: str, globs: Iterable[str]) -> frozenset[str]:
        """The plan's resource types matched by names or globs (`aws_ses_*`), memoised by the
        selector's text: globs are matched against the plan's distinct types only."""
        if selector not in self._type_matches:
            patterns = list(globs)
            exact = {g for g in patterns if not _GLOB_CHARACTERS & set(g)}
            wild = [g for g in patterns if g not in exact]
            self._type_matches[selector] = frozenset(
                t
                for t in self.graph.resource_types()
                if t in exact or any(fnmatchcase(t, g) for g in wild)
            )
        return self._type_matches[selector]

    def candidates(self, types: frozenset[str]) -> list[ResourceInstance]:
        """Resources and data sources of the types (not `external` ARN stand-ins)."""
        return [r for r in self.graph.resources_of_type(*sorted(types)) if r.mode != "external"]

    # -- keys ------------------------------------------------------------------------------

    def key(self, address: str, key_name: str) -> KeyValue:
        memo = (address, key_name)
        found = self._keys.get(memo)
        if found is None:
            resource = self.graph.resource(address)
            found = self._keys[memo] = key_value(self.graph, resource, KEYS[key_name])
        return found

    def key_buckets(self, key_name: str, types: frozenset[str]) -> KeyBuckets:
        memo = (key_name, types)
        if memo not in self._buckets:
            by_token: dict[str, list[str]] = defaultdict(list)
            unknown: list[str] = []
            for resource in self.candidates(types):
                value = self.key(resource.address, key_name)
                if value.known:
                    by_token[value.token].append(resource.address)  # type: ignore[index]
                    continue
                if value.traced:
                    by_token[value.token].append(resource.address)  # type: ignore[index]
                if value.open:
                    unknown.append(resource.address)
            self._buckets[memo] = KeyBuckets(dict(by_token), tuple(unknown))
        return self._buckets[memo]

    # -- Regions ---------------------------------------------------------------------------

    def by_region(self, types: frozenset[str]) -> dict[str | None, list[str]]:
        """Resources of the types by Region (None: Region unknown)."""
        if types not in self._by_region:
            regions: dict[str | None, list[str]] = defaultdict(list)
            for resource in self.candidates(types):
                regions[self.graph.region(resource.address).region].append(resource.address)
            self._by_region[types] = dict(regions)
        return self._by_region[types]

    # -- literal values --------------------------------------------------------------------

    def literals(self, types: frozenset[str]) -> LiteralIndex:
        if types not in self._literals:
            index = LiteralIndex()
            for resource in self.candidates(types):
                _index_literals(index, resource)
            self._literals[types] = index
        return self._literals[types]

    # -- recipients --------------------------------------------------------------------------

    def recipients(self, types: frozenset[str], attribute: str) -> RecipientIndex:
        memo = (types, attribute)
        if memo not in self._recipients:
            index = RecipientIndex()
            for resource in self.candidates(types):
                _index_recipients(index, resource, attribute)
            self._recipients[memo] = index
        return self._recipients[memo]

    # -- attribute paths -------------------------------------------------------------------

    def set_paths(self, address: str, name: str) -> tuple[str, ...]:
        """Every path under top-level attribute `name` that the configuration or the planned
        values give a value, known or unknown until apply (`s3_action[0].kms_key_arn`)."""
        memo = (address, name)
        if memo not in self._set_paths:
            self._set_paths[memo] = tuple(_set_paths(self.graph.resource(address), name))
        return self._set_paths[memo]

    # -- providers -------------------------------------------------------------------------

    def providers_in_region(self, region: str) -> list[str]:
        """Provider configuration keys whose Region resolves to `region`."""
        if self._providers_by_region is None:
            by_region: dict[str, set[str]] = defaultdict(set)
            for resource in self.graph.resources():
                answer = self.graph.region(resource.address)
                key = resource.provider_config_key
                if key and answer.region and answer.kind.value == "provider":
                    by_region[answer.region].add(key)
            self._providers_by_region = {r: sorted(keys) for r, keys in by_region.items()}
        return self._providers_by_region.get(region, [])

    def aws_provider_major(self) -> int | None:
        """The hashicorp/aws major version in use, when the plan tells (6, 5, 4 …)."""
        if self._aws_major is False:
            self._aws_major = _aws_major(self.graph)
        return self._aws_major  # type: ignore[return-value]


def _set_paths(resource: ResourceInstance, name: str) -> list[str]:
    paths = (
        [
            path
            for path, expression in iter_expressions({name: resource.expressions[name]})
            if expression.references or expression.constant is not None
        ]
        if name in resource.expressions
        else []
    )
    if name in resource.values:
        paths.extend(
            format_path(steps)
            for steps, value in iter_leaves(resource.values[name], [name])
            if value not in (None, "")
        )
    unknown = resource.unknown
    if unknown is True:
        paths.append(name)
    elif isinstance(unknown, dict) and name in unknown:
        paths.extend(
            format_path(steps)
            for steps, marked in iter_leaves(unknown[name], [name])
            if marked is True
        )
    return paths


def _index_recipients(index: RecipientIndex, resource: ResourceInstance, attribute: str) -> None:
    if marked_within(resource.unknown, attribute):
        index.unknown.append(resource.address)
        return
    recipients = resource.values.get(attribute)
    if not isinstance(recipients, list) or not recipients:
        index.everything.append(resource.address)
        return
    for recipient in {str(r).lower().rstrip(".") for r in recipients}:
        if recipient.startswith("."):
            index.suffixes[recipient].append(resource.address)
        else:
            index.domains[domain_of(recipient)].append(resource.address)


def _index_literals(index: LiteralIndex, resource: ResourceInstance) -> None:
    seen_whole: set[str] = set()
    seen_words: set[str] = set()
    for text in strings_in(resource.values):
        if text not in seen_whole:
            seen_whole.add(text)
            index.whole[text].append(resource.address)
        for word in _WORD.findall(text):
            if word not in seen_words:
                seen_words.add(word)
                index.words[word].append(resource.address)




_PINNED_MAJOR = re.compile(r"^(?:~>|=)?\s*v?(\d+)")


def _aws_major(graph: ResourceGraph) -> int | None:
    """6, 5, 4 … when the plan shows it, else None.

    Provider v6 gives every regional resource a `region` attribute in the plan, so a plan made
    by Terraform settles it; otherwise a pinned constraint (`~> 5.0`, `= 4.67.0`) does.
    """
    providers = [p for world in graph.all_worlds() for p in world.providers.values()]
    for provider in providers:
        if provider.name == "aws" and provider.version_constraint:
            terms = [t.strip() for t in provider.version_constraint.split(",")]
            for term in terms:
                match = _PINNED_MAJOR.match(term)
                if match and (term.startswith(("~>", "=")) or term[0].isdigit()):
                    return int(match.group(1))
    if all(world.kind == "hcl" for world in graph.all_worlds()):
        return None  # values written by hand: a missing `region` says nothing
    regional = [
        r
        for r in graph.resources()
        if r.mode == "managed" and r.type.startswith("aws_") and not facts(r.type).is_global
    ]
    if not regional:
        return None
    return 6 if any("region" in r.values for r in regional) else 5


def key_domain_parents(buckets: KeyBuckets, token: str) -> list[str]:
    """Addresses in `buckets` whose key is the domain of `token` or one of its parents."""
    return list(buckets.parents_of(domain_of(token)))
