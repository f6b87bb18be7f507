"""`sespolicy rules`: the rule catalog, one line per rule."""

from __future__ import annotations

import argparse
import sys

from sespolicy.commands.eval import add_policy_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the rules: id, severity, title",
        description=(
            "List every rule of the catalog, one per line: its id, severity and title. The ids "
            "and families are what --rule and --skip-rule take; `sespolicy docs` describes "
            "each rule in full."
        ),
    )
    add_policy_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.display import escape_text
    from sespolicy.output_files import write_stream
    from sespolicy.policy.catalog import load_catalog

    seen = set()
    lines = []
    for rule in load_catalog(args.policies, args.replace_policies):
        info = rule.info
        if info.rule_id in seen:
            continue
        seen.add(info.rule_id)
        lines.append(
            f"{escape_text(info.rule_id):<18} {info.severity.value:<9} {escape_text(info.title)}\n"
        )
    write_stream(sys.stdout, "".join(lines))
    return 0
