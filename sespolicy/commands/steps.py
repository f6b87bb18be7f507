"""`sespolicy steps`: the step vocabulary policy authors can use."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("steps", help="list the step vocabulary with a description each")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.policy.steps import REGISTRY

    for kind in ("given", "when", "then"):
        for definition in (d for d in REGISTRY.definitions if d.kind == kind):
            sys.stdout.write(
                f"{kind.capitalize():<6} {definition.pattern}\n       {definition.summary}\n"
            )
    return 0
