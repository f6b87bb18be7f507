"""`sespolicy docs`: the rule catalog as Markdown or HTML for auditors and reviewers."""

from __future__ import annotations

import argparse
import sys

# Kept here (not imported from sespolicy.docs) so `sespolicy --help` stays cheap.
_FORMATS = ("markdown", "html")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "docs",
        help="render the rule catalog as Markdown or HTML",
        description=(
            "Render every rule of the catalog (id, severity, description, Gherkin scenario, "
            "source line) and the step vocabulary, from the .feature files. The same catalog "
            "always renders to the same bytes, so the output can be committed and diffed."
        ),
    )
    parser.add_argument("--format", choices=_FORMATS, default="markdown")
    parser.add_argument(
        "--policies", action="append", default=[], metavar="DIR", help="add a policy folder"
    )
    parser.add_argument(
        "--replace-policies", action="store_true", help="document only the --policies folders"
    )
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of stdout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.docs import build_catalog_doc, render

    text = render(build_catalog_doc(args.policies, args.replace_policies), args.format)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    write_text(args.out, text)
    return 0


def write_text(path: str, text: str) -> None:
    from sespolicy.errors import InputError

    try:
        # newline="\n": the committed docs are byte-identical on every platform.
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as problem:
        raise InputError(f"cannot write {path}: {problem.strerror}") from None
