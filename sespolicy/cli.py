"""The `sespolicy` command line: one argparse sub-command per module in sespolicy.commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sespolicy import __version__
from sespolicy.errors import SespolicyError

# Each module registers one sub-command through `register(subparsers)` and sets
# `handler` on its parser; the order here is the order `sespolicy --help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "sespolicy.commands.eval",
    "sespolicy.commands.graph",
    "sespolicy.commands.rules",
    "sespolicy.commands.steps",
    "sespolicy.commands.plan",
    "sespolicy.commands.provider",
    "sespolicy.commands.docs",
    "sespolicy.commands.baseline",
)


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="sespolicy",
        description=(
            "Check Terraform plans against the Amazon SES regional rules. "
            "Typical use: terraform show -json tfplan | sespolicy eval"
        ),
    )
    parser.add_argument("--version", action="version", version=f"sespolicy {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_ArgumentParser
    )
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as missing:
            # A command whose module is not written yet is simply absent; any other
            # missing module is a real bug and must surface.
            if missing.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args))
    except SespolicyError as problem:
        print(f"sespolicy: error: {problem}", file=sys.stderr)
        return problem.exit_code
    except KeyboardInterrupt:
        print("sespolicy: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); nothing left to say.
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
