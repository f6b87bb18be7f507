"""`sespolicy provider generate`: write a plan-only hashicorp/aws provider for offline plans."""

from __future__ import annotations

import argparse
from pathlib import Path

from sespolicy.errors import UsageError


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
        help="`terraform providers schema -json` output to serve (default: the shipped schema)",
    )
    generate.add_argument(
        "--mode",
        choices=("v6", "v5", "v4", "v3"),
        default="v6",
        help="the hashicorp/aws major to serve: v6 (per-resource `region`), v5, v4 or v3",
    )
    generate.add_argument(
        "--version",
        help="provider version to present (default: the served schema's, e.g. 6.47.0 for v6)",
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

    generated = generate(args.out, mode=args.mode, version=args.version, schema_file=args.schema)
    print(f"{generated.executable}")
    return 0
