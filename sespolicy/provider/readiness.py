"""Everything that would stop an offline plan, found before Terraform runs and named at once.

A user fixing a configuration for `sespolicy plan` should need one run to learn every
problem: providers no twin serves, types a twin does not serve, remote modules with no cached
copy, required variables with no value, symbolic links leading out of the tree, unreadable
files. Each kind is one sentence listing all of its cases, and they are joined into the one
line the command prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sespolicy.display import escape_text
from sespolicy.provider.configscan import ConfigurationFacts, TypeUse
from sespolicy.provider.sources import short_address
from sespolicy.provider.twins import SHIPPED_TWINS, ChosenTwin, TwinPlan
from sespolicy.provider.variables import describe_missing, missing_variables


def offline_problems(
    facts: ConfigurationFacts,
    twins: TwinPlan,
    copy_problems: Sequence[str],
    var_files: Sequence[Path],
    assignments: Sequence[str],
) -> list[str]:
    problems = provider_problems(facts, twins)
    problems += _uncached_modules(facts)
    missing = missing_variables(facts.root_variables, facts.root, var_files, assignments)
    if missing:
        problems.append(describe_missing(missing))
    if copy_problems:
        problems.append("cannot copy the configuration: " + "; ".join(copy_problems))
    return [escape_text(problem) for problem in problems]


def provider_problems(facts: ConfigurationFacts, twins: TwinPlan) -> list[str]:
    """Providers no twin serves, twins that cannot be made, and types a twin does not serve."""
    problems = [*twins.problems]
    problems += _unavailable_providers(facts, twins.unavailable)
    problems += _unserved_types(facts, twins)
    return problems


def _where(use: TypeUse, facts: ConfigurationFacts) -> str:
    return use.location.relative_to(facts.root)


def _unavailable_providers(facts: ConfigurationFacts, unavailable: Sequence[str]) -> list[str]:
    if not unavailable:
        return []
    named = []
    for source in unavailable:
        uses = [use for use in facts.type_uses if use.provider == source]
        where = f" ({uses[0].type_name} in {_where(uses[0], facts)})" if uses else ""
        named.append(f"{short_address(source)}{where}")
    has_cache = (facts.root / ".terraform" / "providers").is_dir()
    remedy = (
        "they are not among the providers installed in .terraform/providers: run "
        "`terraform init` online again"
        if has_cache
        else "run `terraform init` online once in the directory: sespolicy then serves every "
        "provider installed in .terraform/providers"
    )
    noun = "provider is" if len(named) == 1 else "providers are"
    shipped = ", ".join(short_address(source) for source in SHIPPED_TWINS)
    return [
        f"{len(named)} {noun} not available offline: {', '.join(named)} (sespolicy ships "
        f"twins of {shipped}; {remedy})"
    ]


def _unserved_types(facts: ConfigurationFacts, twins: TwinPlan) -> list[str]:
    problems = []
    for twin in twins.chosen:
        unserved: dict[tuple[str, str], list[TypeUse]] = {}
        for use in facts.type_uses:
            if use.provider == twin.source and not twin.serves(use.kind, use.type_name):
                unserved.setdefault((use.kind, use.type_name), []).append(use)
        if not unserved:
            continue
        too_large = _schemas_not_shipped(twin)
        listed = ", ".join(
            f"{kind} {type_name} ({_where(uses[0], facts)}"
            + ("; its schema is not in sespolicy's schema source" if type_name in too_large else "")
            + ")"
            for (kind, type_name), uses in sorted(unserved.items())
        )
        noun = "type is" if len(unserved) == 1 else "types are"
        problems.append(
            f"{len(unserved)} {noun} not served by the {twin.label} twin: {listed} "
            f"({_served_types_remedy(twin)})"
        )
    return problems


def _schemas_not_shipped(twin: ChosenTwin) -> frozenset[str]:
    """Types the real provider has whose schema sespolicy could not ship (see SOURCES.md)."""
    if twin.installed or twin.spec.mode is None:
        return frozenset()
    from sespolicy.provider.schema import missing_type_names

    mode = twin.spec.mode
    return frozenset(missing_type_names(mode, "resource") + missing_type_names(mode, "data"))


def _served_types_remedy(twin: ChosenTwin) -> str:
    served = len(twin.resource_types) + len(twin.data_source_types)
    if twin.installed:
        return f"its installed binary's schema has {served} types"
    return (
        f"it serves {served} types, every one of the real provider's schema it ships; check "
        "the type name and the provider version, or plan with real Terraform and pass the plan "
        "JSON to `sespolicy eval`"
    )


def _uncached_modules(facts: ConfigurationFacts) -> list[str]:
    missing = facts.missing_modules
    if not missing:
        return []
    listed = ", ".join(
        f"module.{call.key} ({call.source}, {call.location.relative_to(facts.root)})"
        for call in missing
    )
    remedy = (
        "the module cache in .terraform/modules does not have them: run `terraform init` "
        "online again"
        if facts.module_cache is not None
        else "run `terraform init` online once in the directory (sespolicy reuses its "
        ".terraform/modules), or vendor them as local modules"
    )
    noun = "remote module needs" if len(missing) == 1 else "remote modules need"
    return [f"{len(missing)} {noun} network: {listed} ({remedy})"]
