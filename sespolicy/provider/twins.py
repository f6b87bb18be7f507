"""Which plan-only twin serves each provider a configuration needs, and making them.

A provider is served by, in this order:
1. a twin sespolicy ships (hashicorp/aws: its schema plus planning knowledge — defaults,
   force-new attributes, data sources computed faithfully — that a bare schema lacks);
2. a twin generated from the schema of the binary an online `terraform init` installed in
   DIR/.terraform/providers (any provider: cloudflare, newrelic, a private one). Only its
   schema is read; the binary never plans.
Anything else is not available offline, and is named with every other problem at once.

`materialize` is the one place a twin is generated, so a generator for any provider can
replace today's hashicorp/aws one there alone.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.provider.configscan import AWS_PROVIDER, ConfigurationFacts, short_address
from sespolicy.provider.installed import InstalledSchema

# Today's generator presents hashicorp/aws versions only; a twin of another provider is
# generated under this version and moved to its own (the server never reports a version).
_GENERATOR_PLACEHOLDER_VERSION = "6.0.0"


@dataclass(frozen=True)
class TwinSpec:
    """A twin to serve `source` at `version`, before it is generated."""

    source: str  # full provider address, host/namespace/type
    version: str
    resource_types: frozenset[str]
    data_source_types: frozenset[str]
    mode: str | None = None  # shipped hashicorp/aws: v6, v5 (v4)
    installed: InstalledSchema | None = None  # set for a twin of an installed binary
    note: str | None = None

    def serves(self, kind: str, type_name: str) -> bool:
        types = self.resource_types if kind == "resource" else self.data_source_types
        return type_name in types

    @property
    def label(self) -> str:
        origin = "installed" if self.installed is not None else "shipped"
        return f"{short_address(self.source)} {self.version} ({origin})"


@dataclass(frozen=True)
class Twin:
    spec: TwinSpec
    plugin_dir: Path  # a root for `terraform init -plugin-dir`
    served_dir: Path  # the directory of its executable and the files it serves from


@dataclass
class TwinPlan:
    specs: list[TwinSpec]
    unavailable: list[str]  # provider addresses no twin can serve
    problems: list[str]  # why a twin that should exist cannot be made


def _shipped_aws(facts: ConfigurationFacts) -> TwinSpec:
    from sespolicy.provider.constraints import choose_provider

    choice = choose_provider(facts.aws_constraints, facts.locked_aws_version)
    resources, data_sources = _shipped_aws_types()
    return TwinSpec(
        source=AWS_PROVIDER,
        version=choice.version,
        resource_types=resources,
        data_source_types=data_sources,
        mode=choice.mode,
        note=choice.note,
    )


@functools.lru_cache(maxsize=1)
def _shipped_aws_types() -> tuple[frozenset[str], frozenset[str]]:
    from sespolicy.provider.schema import load_provider_schema

    entry = load_provider_schema(None)
    return frozenset(entry["resource_schemas"]), frozenset(entry["data_source_schemas"])


# Providers sespolicy ships a twin for: address -> how to choose its version and mode.
SHIPPED_TWINS: dict[str, Callable[[ConfigurationFacts], TwinSpec]] = {AWS_PROVIDER: _shipped_aws}


def plan_twins(facts: ConfigurationFacts) -> TwinPlan:
    """A twin for every provider the configuration needs, or why there is none."""
    from sespolicy.provider.installed import read_installed_provider_schemas

    plan = TwinPlan(specs=[], unavailable=[], problems=[])
    needed = sorted(facts.providers)
    not_shipped = [source for source in needed if source not in SHIPPED_TWINS]
    installed: dict[str, InstalledSchema] = {}
    if not_shipped:
        try:
            installed = read_installed_provider_schemas(facts.root, only=not_shipped)
        except InputError as problem:
            plan.problems.append(str(problem))
    for source in needed:
        if source in SHIPPED_TWINS:
            try:
                plan.specs.append(SHIPPED_TWINS[source](facts))
            except InputError as problem:
                plan.problems.append(str(problem))
        elif source in installed:
            plan.specs.append(_installed_spec(source, installed[source]))
        else:
            plan.unavailable.append(source)
    return plan


def _installed_spec(source: str, installed: InstalledSchema) -> TwinSpec:
    return TwinSpec(
        source=source,
        version=installed.version,
        resource_types=frozenset(installed.schema.get("resource_schemas", {})),
        data_source_types=frozenset(installed.schema.get("data_source_schemas", {})),
        installed=installed,
    )


def materialize(spec: TwinSpec, scratch: Path) -> Twin:
    """Generate (or take from the cache) the plugin directory serving `spec`."""
    from sespolicy.provider.generate import generate

    if spec.installed is None:
        from sespolicy.provider.cache import cached_provider

        try:
            provider = cached_provider(spec.mode or "v6", spec.version)
        except (OSError, InputError):
            # No writable cache (read-only home in some CI setups): generate for this run only.
            provider = generate(scratch / "aws", mode=spec.mode or "v6", version=spec.version)
        return Twin(spec, provider.plugin_dir, provider.executable.parent)

    # Today's generator writes hashicorp/aws twins only: give it this provider's schema under
    # the aws address, then move what it wrote to this provider's address and version.
    from sespolicy.provider.schema import PROVIDER_ADDRESS

    host, namespace, type_name = spec.source.split("/")
    work = scratch / f"twin-{host}-{namespace}-{type_name}"
    schema_file = work / "schema.json"
    work.mkdir(parents=True)
    document = {
        "format_version": "1.0",
        "provider_schemas": {PROVIDER_ADDRESS: spec.installed.schema},
    }
    schema_file.write_text(json.dumps(document), "utf-8")
    generated = generate(
        work / "generated",
        mode="v6",
        version=_GENERATOR_PLACEHOLDER_VERSION,
        schema_file=schema_file,
    )
    plugin_dir = work / "plugins"
    served_dir = (
        plugin_dir / host / namespace / type_name / spec.version / generated.executable.parent.name
    )
    served_dir.parent.mkdir(parents=True)
    os.rename(generated.executable.parent, served_dir)
    executable = served_dir / generated.executable.name
    executable.rename(served_dir / f"terraform-provider-{type_name}_v{spec.version}_x5")
    return Twin(spec, plugin_dir, served_dir)
