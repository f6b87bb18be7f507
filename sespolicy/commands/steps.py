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
            "(select), When (narrow, relate), Then (judge, and the words of a verdict). Write "
            "steps in your .feature files as shown, with your values in the {braces}; each step "
            "shows what it needs from the steps before it and, for verdicts, the {fields} its "
            "messages can use."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.output_files import write_stream
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
    write_stream(sys.stdout, "\n".join(lines) + "\n")
    return 0
