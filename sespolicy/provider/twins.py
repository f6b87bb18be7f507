"""Which plan-only twin serves each provider a configuration needs, and writing them.

A provider is served by, in this order:
1. a twin sespolicy ships (`SHIPPED_TWINS`: hashicorp/aws and the nine utility providers). They
   know more than a schema says — defaults, force-new attributes, data sources computed
   faithfully, reads only apply can answer — and present a version the configuration's
   constraints (or its lock file) accept;
2. a twin generated from the schema of the binary an online `terraform init` installed in
   DIR/.terraform/providers (any provider: cloudflare, newrelic, a private one). Only the
   binary's schema is read; the binary never plans. The twin plans computed attributes as
   unknown and answers its data sources with deterministic, type-correct stand-ins (a read
   whose arguments are unknown until apply is deferred by Terraform itself).
Anything else is not available offline, and is named with every other problem at once.

`materialize` writes the chosen twins for a plan: the shipped ones come from the user cache
(generated once per version, see cache.py), the others are written into the run's scratch
directory. Every twin is written by `generate.write_twin` from its `TwinSpec`.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.provider.configscan import ConfigurationFacts
from sespolicy.provider.generate import (
    Twin,
    TwinSpec,
    aws_twin_spec,
    utility_twin_spec,
    write_twin,
)
from sespolicy.provider.installed import InstalledSchema
from sespolicy.provider.schema import DEFAULT_VERSIONS, UTILITY_PROVIDERS, shipped_pack
from sespolicy.provider.schema_pack import DATA, RESOURCE
from sespolicy.provider.sources import AWS_PROVIDER, short_address


@dataclass(frozen=True, eq=False)
class ChosenTwin:
    """The twin that will serve one provider of the configuration, before it is written."""

    spec: TwinSpec  # what `write_twin` writes
    resource_types: Collection[str]
    data_source_types: Collection[str]
    installed: bool = False  # made from the binary in .terraform/providers

    @property
    def source(self) -> str:
        return self.spec.source

    @property
    def version(self) -> str:
        return self.spec.version

    def serves(self, kind: str, type_name: str) -> bool:
        """kind: "resource", or "data" / "data source"."""
        types = self.resource_types if kind == RESOURCE else self.data_source_types
        return type_name in types

    @property
    def label(self) -> str:
        origin = "installed" if self.installed else "shipped"
        return f"{short_address(self.source)} {self.version} ({origin})"


@dataclass
class TwinPlan:
    chosen: list[ChosenTwin]
    unavailable: list[str]  # provider addresses no twin can serve
    problems: list[str]  # why a twin that should exist cannot be made

    @property
    def aws(self) -> ChosenTwin | None:
        return next((twin for twin in self.chosen if twin.source == AWS_PROVIDER), None)


def _shipped(spec: TwinSpec) -> ChosenTwin:
    # The pack's index names every type; no type's schema is read to answer `serves`.
    types = shipped_pack().variant(spec.shipped_variant or "").types
    return ChosenTwin(spec, types[RESOURCE].keys(), types[DATA].keys())


def _shipped_aws(facts: ConfigurationFacts) -> ChosenTwin:
    from sespolicy.provider.constraints import choose_provider

    choice = choose_provider(facts.aws_constraints, facts.locked_aws_version)
    return _shipped(aws_twin_spec(choice.mode, choice.version))


def _shipped_utility(name: str, facts: ConfigurationFacts) -> ChosenTwin:
    """A utility twin presenting the locked version, else its schema's, else one written in
    the constraints, whichever they accept first (it serves its newest schema either way)."""
    from sespolicy.provider.constraints import accepted_version

    source = UTILITY_PROVIDERS[name]
    own = utility_twin_spec(name).version
    constraints = facts.provider_constraints.get(source, [])
    shown = short_address(source)
    version = accepted_version(constraints, facts.locked_versions.get(source), own, what=shown)
    if version is None:
        raise InputError(
            f"the configuration's {shown} version constraints ({', '.join(constraints)}) allow "
            f"no version the shipped twin can present (it serves {shown} {own}); loosen them, "
            "or plan with real Terraform and pass the plan JSON to `sespolicy eval`"
        )
    return _shipped(utility_twin_spec(name, version))


# Providers sespolicy ships a twin for: address -> how to choose the twin for a configuration.
SHIPPED_TWINS: dict[str, Callable[[ConfigurationFacts], ChosenTwin]] = {
    AWS_PROVIDER: _shipped_aws,
    **{
        source: functools.partial(_shipped_utility, name)
        for name, source in UTILITY_PROVIDERS.items()
    },
}


def plan_twins(facts: ConfigurationFacts) -> TwinPlan:
    """A twin for every provider the configuration needs, or why there is none."""
    from sespolicy.provider.installed import read_installed_provider_schemas

    plan = TwinPlan(chosen=[], unavailable=[], problems=[])
    needed = sorted(facts.providers)
    not_shipped = [source for source in needed if source not in SHIPPED_TWINS]
    installed: dict[str, InstalledSchema] = {}
    if not_shipped:
        try:
            installed = read_installed_provider_schemas(
                facts.root, only=not_shipped, locked=facts.locked_versions
            )
        except InputError as problem:
            plan.problems.append(str(problem))
    for source in needed:
        if source in SHIPPED_TWINS:
            try:
                plan.chosen.append(SHIPPED_TWINS[source](facts))
            except InputError as problem:
                plan.problems.append(str(problem))
        elif source in installed:
            plan.chosen.append(installed_twin(source, installed[source]))
        else:
            plan.unavailable.append(source)
    return plan


def installed_twin(source: str, installed: InstalledSchema) -> ChosenTwin:
    """The twin of a provider binary, from the schema it reported."""
    spec = TwinSpec(
        source=source,
        version=installed.version,
        schema=installed.schema,
        protocol=installed.protocol,
    )
    return ChosenTwin(
        spec,
        frozenset(installed.schema.get("resource_schemas", {})),
        frozenset(installed.schema.get("data_source_schemas", {})),
        installed=True,
    )


def materialize(
    chosen: Sequence[ChosenTwin],
    scratch: Path,
    while_caching: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
) -> list[Twin]:
    """The written twin of each chosen one, in order. Shipped twins come from the user cache
    (generated there on first use, inside `while_caching`), others are written in `scratch`."""
    written: dict[str, Twin] = {}
    shipped = [twin.spec for twin in chosen if not twin.installed]
    if shipped:
        with while_caching():
            written.update(_shipped_twins(shipped, scratch))
    for twin in chosen:
        if twin.installed:
            written[twin.source] = write_twin(scratch / "installed-twins", twin.spec)
    return [written[twin.source] for twin in chosen]


def _shipped_twins(specs: Sequence[TwinSpec], scratch: Path) -> dict[str, Twin]:
    """One plugin directory holding every shipped twin, at the versions `specs` present (the
    hashicorp/aws twin at its default when the configuration does not use aws)."""
    from sespolicy.provider.cache import cached_plugin_dir
    from sespolicy.provider.generate import generate

    aws = next((spec for spec in specs if spec.source == AWS_PROVIDER), None)
    mode = (aws.mode or "v6") if aws else "v6"
    version = aws.version if aws else DEFAULT_VERSIONS[mode]
    utility_versions = {
        spec.shipped_variant or "": spec.version for spec in specs if spec.source != AWS_PROVIDER
    }
    try:
        generated = cached_plugin_dir(mode, version, utility_versions)
    except (OSError, InputError):
        # No writable cache (read-only home in some CI setups): generate for this run only.
        generated = generate(
            scratch / "plugins", mode=mode, version=version, utility_versions=utility_versions
        )
    return {twin.source: twin for twin in generated.twins}

