"""`sespolicy steps`: the step vocabulary policy authors can use."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "steps",
        help="list the step vocabulary with a description each",
        description=(
            "List every Given / When / Then step a policy may use, with what it means. Write "
            "steps in your .feature files exactly as shown, with your values in the {braces}."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.output_files import write_stream
    from sespolicy.policy.steps import REGISTRY

    lines = []
    for kind in ("given", "when", "then"):
        for definition in (d for d in REGISTRY.definitions if d.kind == kind):
            lines.append(
                f"{kind.capitalize():<6} {definition.pattern}\n       {definition.summary}\n"
            )
    write_stream(sys.stdout, "".join(lines))
    return 0
