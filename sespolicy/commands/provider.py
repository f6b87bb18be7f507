"""`sespolicy provider generate`: write a plan-only hashicorp/aws provider for offline plans.

The mode (provider 6.x, 5.x …) and the version presented come from `--mode` / `--version`, or,
with `--for DIR`, from that configuration's hashicorp/aws constraints and lock file, the same
choice `sespolicy plan DIR` makes: the plugin directory then satisfies `terraform init` there.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sespolicy.errors import UsageError
from sespolicy.provider.schema import DEFAULT_VERSIONS, MODES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "provider",
        help="generate a plan-only hashicorp/aws provider so Terraform can plan offline",
        description="Tools for the plan-only hashicorp/aws provider `sespolicy plan` uses.",
    )
    actions = parser.add_subparsers(dest="provider_action", metavar="ACTION")
    generate = actions.add_parser(
        "generate",
        help="write an offline plugin directory for `terraform init -plugin-dir`",
        description=(
            "Write DIR/registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/"
            "terraform-provider-aws_v<version>_x5: a provider that serves the real schema and "
            "plans without AWS credentials. It refuses to apply."
        ),
    )
    generate.add_argument(
        "--schema",
        type=Path,
        help="`terraform providers schema -json` output to serve (default: the shipped subset)",
    )
    generate.add_argument(
        "--mode",
        choices=MODES,
        help=(
            "v6: per-resource `region` argument (provider 6.x); v5 (and older): that major "
            "version's shape (default: from --for DIR, else v6)"
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
        help="pick mode and version from this configuration's hashicorp/aws constraint",
    )
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="plugin directory")
    generate.set_defaults(handler=_generate)
    parser.set_defaults(handler=_missing_action)


def _missing_action(args: argparse.Namespace) -> int:
    raise UsageError(
        "say what to do with the provider, e.g. `sespolicy provider generate --out DIR`"
    )


def _generate(args: argparse.Namespace) -> int:
    from sespolicy.provider.generate import generate

    mode, version = args.mode or "v6", args.version
    if args.for_dir is not None:
        mode, version = _mode_for(args.for_dir, args.mode, args.version)
    generated = generate(args.out, mode=mode, version=version, schema_file=args.schema)
    print(f"{generated.executable}")
    return 0


def _mode_for(config_dir: Path, mode: str | None, version: str | None) -> tuple[str, str]:
    """The mode and version `sespolicy plan` would use for DIR; explicit ones must fit it."""
    from sespolicy.display import escape_text
    from sespolicy.provider.configscan import inspect_configuration
    from sespolicy.provider.constraints import choose_provider, parse_version, satisfies
    from sespolicy.provider.generate import check_version

    if not config_dir.is_dir():
        raise UsageError(f"--for {config_dir} is not a directory of Terraform configuration")
    facts = inspect_configuration(config_dir)
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
    if choice.note:
        print(f"sespolicy: note: {escape_text(choice.note)}", file=sys.stderr)
    return choice.mode, choice.version
