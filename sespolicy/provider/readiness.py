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
from sespolicy.provider.configscan import ConfigurationFacts, TypeUse, short_address
from sespolicy.provider.twins import TwinPlan, TwinSpec
from sespolicy.provider.variables import describe_missing, missing_variables


def offline_problems(
    facts: ConfigurationFacts,
    twins: TwinPlan,
    copy_problems: Sequence[str],
    var_files: Sequence[Path],
    assignments: Sequence[str],
) -> list[str]:
    problems = [*twins.problems]
    problems += _unavailable_providers(facts, twins.unavailable)
    problems += _unserved_types(facts, twins)
    problems += _uncached_modules(facts)
    missing = missing_variables(facts.root_variables, facts.root, var_files, assignments)
    if missing:
        problems.append(describe_missing(missing))
    if copy_problems:
        problems.append("cannot copy the configuration: " + "; ".join(copy_problems))
    return [escape_text(problem) for problem in problems]


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
    return [
        f"{len(named)} {noun} not available offline: {', '.join(named)} (sespolicy ships "
        f"hashicorp/aws; {remedy})"
    ]


def _unserved_types(facts: ConfigurationFacts, twins: TwinPlan) -> list[str]:
    problems = []
    for spec in twins.specs:
        unserved: dict[tuple[str, str], list[TypeUse]] = {}
        for use in facts.type_uses:
            if use.provider == spec.source and not spec.serves(use.kind, use.type_name):
                unserved.setdefault((use.kind, use.type_name), []).append(use)
        if not unserved:
            continue
        listed = ", ".join(
            f"{kind} {type_name} ({_where(uses[0], facts)})"
            for (kind, type_name), uses in sorted(unserved.items())
        )
        noun = "type is" if len(unserved) == 1 else "types are"
        problems.append(
            f"{len(unserved)} {noun} not served by the {spec.label} twin: {listed} "
            f"({_served_types_remedy(spec)})"
        )
    return problems


def _served_types_remedy(spec: TwinSpec) -> str:
    served = len(spec.resource_types) + len(spec.data_source_types)
    if spec.installed is not None:
        return f"its installed binary's schema has {served} types"
    return (
        f"it serves {served} types; for the others plan with real Terraform and pass the plan "
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
