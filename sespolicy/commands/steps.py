"""`sespolicy steps`: the step vocabulary policy authors can use."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "steps",
        help="list the step vocabulary with a description each",
        description=(
            "List every step a policy can use, in the order a scenario uses them: Given "
            "(select), When (narrow, relate), Then (judge, and the words of a verdict). Each "
            "step shows what it needs from the steps before it and, for verdicts, the "
            "{fields} its messages can use."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.policy.steps import Capability
    from sespolicy.policy.steps.vocabulary import ordered_definitions
    lines: list[str] = []
    for definition in ordered_definitions():
        lines.append(f"{definition.kind.capitalize():<6} {definition.template}")
        lines.append(f"       {definition.summary}")
        # Every When and Then step needs resources in scope: only the rest is worth saying.
        needs = sorted(need.value for need in definition.needs if need is not Capability.SCOPE)
        details = []
        if needs:
            details.append(f"needs {', '.join(needs)}")
        if definition.fields:
            details.append(f"message fields: {', '.join(sorted(definition.fields))}")
        if details:
            lines.append(f"       ({'; '.join(details)})")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
