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
    parser.add_argument(
        "--format", choices=_FORMATS, default="markdown", help="markdown or one HTML page"
    )
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
    from sespolicy.output_files import check_output_files, write_output, write_stream

    # The destination is checked before the catalog is read: a typo costs nothing.
    outputs = check_output_files([("--out", args.out)]) if args.out is not None else []
    text = render(build_catalog_doc(args.policies, args.replace_policies), args.format)
    if outputs:
        # Written as UTF-8 with "\n" line ends: the committed docs are the same on every
        # platform.
        write_output(outputs[0], text)
    else:
        write_stream(sys.stdout, text)
    return 0
