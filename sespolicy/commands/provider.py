"""`sespolicy provider generate`: write plan-only provider twins for offline plans.

Without `--for`, the plugin directory holds the hashicorp/aws twin (mode and version from
`--mode` / `--version`) and every shipped utility twin. With `--for DIR`, it holds every twin
`sespolicy plan DIR` would use, chosen the same way: hashicorp/aws from DIR's constraints and
lock file (explicit `--mode` / `--version` must fit them), the utility providers DIR uses at
versions its constraints accept, and a twin of each other provider installed in
DIR/.terraform/providers. `terraform init -plugin-dir` then succeeds in DIR.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sespolicy.errors import InputError, UsageError
from sespolicy.provider.sources import DEFAULT_VERSIONS, MODES  # not schema: no schema store

if TYPE_CHECKING:
    from sespolicy.provider.configscan import ConfigurationFacts
    from sespolicy.provider.generate import TwinSpec


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "provider",
        help="generate plan-only provider twins so Terraform can plan offline",
        description="Tools for the plan-only provider twins `sespolicy plan` uses.",
    )
    actions = parser.add_subparsers(dest="provider_action", metavar="ACTION")
    generate = actions.add_parser(
        "generate",
        help="write an offline plugin directory for `terraform init -plugin-dir`",
        description=(
            "Write DIR/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/"
            "terraform-provider-aws_v<version>_x5 (a provider that serves the real schema and "
            "plans without AWS credentials; it refuses to apply) and the twins beside it: the "
            "shipped utility providers, or with --for, every provider that configuration uses. "
            "Prints the path of each executable written, hashicorp/aws first."
        ),
    )
    generate.add_argument(
        "--schema",
        type=Path,
        help=(
            "`terraform providers schema -json` output to serve as hashicorp/aws "
            "(default: the shipped schema of the mode)"
        ),
    )
    generate.add_argument(
        "--mode",
        choices=MODES,
        help=(
            "the hashicorp/aws major to serve, each from its real schema: v6 (per-resource "
            "`region` argument), v5, v4 or v3 (default: from --for DIR, else v6)"
        ),
    )
    generate.add_argument(
        "--version",
        help="provider version to present (default: from --for DIR, else "
        + ", ".join(f"{version} for {mode}" for mode, version in DEFAULT_VERSIONS.items())
        + ")",
    )
    generate.add_argument(
        "--for",
        dest="for_dir",
        type=Path,
        metavar="DIR",
        help=(
            "write every twin this configuration needs, mode and versions from its constraints"
        ),
    )
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="plugin directory")
    generate.set_defaults(handler=_generate)
    parser.set_defaults(handler=_missing_action)


def _missing_action(args: argparse.Namespace) -> int:
    raise UsageError(
        "say what to do with the provider, e.g. `sespolicy provider generate --out DIR`"
    )


def _generate(args: argparse.Namespace) -> int:
    from sespolicy.provider.generate import aws_twin_spec, generate, write_twin

    if args.for_dir is None:
        mode = args.mode or "v6"
        generated = generate(args.out, mode=mode, version=args.version, schema_file=args.schema)
        print(f"{generated.executable}")
        return 0
    facts = _configuration(args.for_dir)
    mode, version = _mode_for(args.for_dir, facts, args.mode, args.version)
    specs = [aws_twin_spec(mode, version, args.schema), *_other_twins(facts)]
    for spec in specs:  # every choice is checked above, before anything is written
        print(f"{write_twin(args.out, spec).executable}")
    return 0


def _configuration(config_dir: Path) -> ConfigurationFacts:
    from sespolicy.provider.configscan import inspect_configuration

    if not config_dir.is_dir():
        raise UsageError(f"--for {config_dir} is not a directory of Terraform configuration")
    return inspect_configuration(config_dir)


def _other_twins(facts: ConfigurationFacts) -> list[TwinSpec]:
    """The twins of DIR's providers other than hashicorp/aws, as `sespolicy plan` picks them;
    every provider without one is named in one error."""
    from sespolicy.provider.readiness import provider_problems
    from sespolicy.provider.sources import AWS_PROVIDER
    from sespolicy.provider.twins import plan_twins

    twin_plan = plan_twins(facts)
    problems = provider_problems(facts, twin_plan)
    if problems:
        raise InputError(f"cannot write the twins {facts.root} needs: " + "; ".join(problems))
    return [twin.spec for twin in twin_plan.chosen if twin.source != AWS_PROVIDER]


def _mode_for(
    config_dir: Path, facts: ConfigurationFacts, mode: str | None, version: str | None
) -> tuple[str, str]:
    """The mode and version `sespolicy plan` would use for DIR; explicit ones must fit it."""
    from sespolicy.provider.constraints import choose_provider, parse_version, satisfies
    from sespolicy.provider.generate import check_version

    constraints = facts.aws_constraints
    written = ", ".join(constraints) or "none"
    if version is not None:
        check_version(version)
        parsed = parse_version(version)
        if parsed is not None and not all(
            satisfies(parsed, c, "hashicorp/aws") for c in constraints
        ):
            raise UsageError(
                f"--version {version} does not satisfy {config_dir}'s hashicorp/aws "
                f"constraints ({written})"
            )
    choice = choose_provider(
        constraints if version is None else [*constraints, f"= {version}"],
        None if version else facts.locked_aws_version,
    )
    if mode is not None and mode != choice.mode:
        raise UsageError(
            f"--mode {mode} does not fit {config_dir}'s hashicorp/aws constraints ({written}): "
            f"they need --mode {choice.mode}"
        )
    return choice.mode, choice.version
