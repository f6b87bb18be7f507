"""The `sespolicy` command line: one argparse sub-command per module in sespolicy.commands.

Exit codes (README "Exit codes"): 0 nothing fails the gate, 1 something does, 2 the input or
the command line is wrong, 3 sespolicy itself failed (a bug). Whatever goes wrong, stderr gets
one line saying what and what to do; `SESPOLICY_DEBUG=1` adds the traceback of a crash.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import traceback
from collections.abc import Sequence

from sespolicy import __version__
from sespolicy.display import escape_text
from sespolicy.errors import INTERNAL_ERROR_EXIT_CODE, SespolicyError
from sespolicy.output_files import silence
from sespolicy.suggest import closest

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

DEBUG_VARIABLE = "SESPOLICY_DEBUG"
ISSUES_URL = "https://github.com/OWNER/sespolicy/issues"
USAGE_EXIT_CODE = 2

_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)")


class _HelpFormatter(argparse.HelpFormatter):
    """Shows each option's default when it has a meaningful one (not None, off, or empty)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        shown = (
            action.option_strings
            and default not in (None, False, argparse.SUPPRESS)
            and default != []
            and action.nargs != 0
            and "default" not in text
        )
        return f"{text} (default: %(default)s)" if shown else text


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line with the closest spelling, exit code 2."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            USAGE_EXIT_CODE,
            f"{self.prog}: error: {escape_text(message)}{self._suggestion(message)} "
            f"(see '{self.prog} --help')\n",
        )

    def _suggestion(self, message: str) -> str:
        choice = _INVALID_CHOICE.search(message)
        if choice is not None:
            choices = [item.strip().strip("'\"") for item in choice["choices"].split(",")]
            return _did_you_mean(closest(choice["given"], choices))
        return ""

    def unrecognized(self, extras: Sequence[str]) -> None:
        """The error for arguments this (sub)parser does not know, naming the closest option."""
        options = [o for action in self._actions for o in action.option_strings]
        unknown = next((e for e in extras if e.startswith("-")), None)
        hint = ""
        if unknown is not None:
            hint = _did_you_mean(closest(unknown.split("=", 1)[0], options))
        self.exit(
            USAGE_EXIT_CODE,
            f"{self.prog}: error: unrecognized arguments: "
            f"{escape_text(' '.join(extras))}{hint} (see '{self.prog} --help')\n",
        )


def _did_you_mean(names: list[str]) -> str:
    return f"; did you mean {names[0]}?" if names else ""


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(
        prog="sespolicy",
        description=(
            "Check Terraform plans against the Amazon SES regional rules. "
            "Typical use: terraform show -json tfplan | sespolicy eval"
        ),
        epilog=(
            "Exit codes: 0 nothing fails the gate, 1 something does, 2 bad input or usage, "
            "3 internal error (a bug; SESPOLICY_DEBUG=1 shows the traceback)."
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


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        parser.print_usage(sys.stderr)
        parser.exit(
            USAGE_EXIT_CODE,
            "sespolicy: error: say what to do, e.g. `sespolicy eval plan.json` "
            "(see 'sespolicy --help')\n",
        )
    args, extras = parser.parse_known_args(arguments)
    if extras:
        _parser_of(parser, args).unrecognized(extras)
    return args


def _parser_of(parser: argparse.ArgumentParser, args: argparse.Namespace) -> _ArgumentParser:
    """The innermost (sub)parser the arguments chose, for its option names."""
    current = parser
    while True:
        chosen = None
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(args, action.dest or "", None)
                chosen = action.choices.get(name) if name else None
        if chosen is None:
            return current  # type: ignore[return-value]
        current = chosen


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command; exceptions it did not expect propagate (see `main`)."""
    parser = build_parser()
    args = _parse(parser, argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        return USAGE_EXIT_CODE
    return int(handler(args))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        code = run(argv)
    except SespolicyError as problem:
        print(f"sespolicy: error: {escape_text(str(problem))}", file=sys.stderr)
        return problem.exit_code
    except KeyboardInterrupt:
        print("sespolicy: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of a listing went away (e.g. `sespolicy rules | head`): nothing left to
        # say. (`eval` handles this itself, so its exit code still tells the verdict.)
        silence(sys.stdout)
        return 0
    except Exception as problem:
        return _internal_error(problem)
    return _flushed(code)


def _flushed(code: int) -> int:
    """Flush stdout here, where a full disk or closed pipe can still be reported on one
    line, instead of in the interpreter's exit (a traceback-like notice and exit code 120)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence(sys.stdout)
    except OSError as problem:
        silence(sys.stdout)
        print(
            f"sespolicy: error: cannot write to stdout ({problem.strerror or problem})",
            file=sys.stderr,
        )
        return USAGE_EXIT_CODE
    return code


def _internal_error(problem: BaseException) -> int:
    if os.environ.get(DEBUG_VARIABLE):
        traceback.print_exception(type(problem), problem, problem.__traceback__, file=sys.stderr)
    summary = escape_text(str(problem).splitlines()[0] if str(problem) else "")
    where = f": {summary}" if summary else ""
    print(
        f"sespolicy: internal error: {type(problem).__name__}{where} — this is a bug in "
        f"sespolicy {__version__}; please report it at {ISSUES_URL} with the command and the "
        f"output of {DEBUG_VARIABLE}=1",
        file=sys.stderr,
    )
    return INTERNAL_ERROR_EXIT_CODE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
