"""`sespolicy rules`: the rule catalog, one line per rule."""

from __future__ import annotations

import argparse
import sys

from sespolicy.policy.catalog import load_catalog


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rules", help="list the rules: id, severity, title")
    parser.add_argument("--policies", action="append", default=[], metavar="DIR")
    parser.add_argument("--replace-policies", action="store_true")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    seen = set()
    for rule in load_catalog(args.policies, args.replace_policies):
        info = rule.info
        if info.rule_id in seen:
            continue
        seen.add(info.rule_id)
        sys.stdout.write(f"{info.rule_id:<18} {info.severity.value:<9} {info.title}\n")
    return 0
