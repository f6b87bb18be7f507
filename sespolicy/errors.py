"""Errors that end a run with exit code 2 and one line on stderr.

Anything the user can fix (bad input, bad usage) is raised as a SespolicyError with a message
that says what was wrong and what to do; the CLI prints it and exits 2, never a traceback.
"""

from __future__ import annotations


class SespolicyError(Exception):
    """A problem the user can fix; its message is printed as is."""

    exit_code = 2


class InputError(SespolicyError):
    """The input (plan, state, configuration, policy, data file) cannot be used."""


class UsageError(SespolicyError):
    """The command line asks for something that does not make sense."""


class OutputError(SespolicyError):
    """A report or file cannot be written where the command line asks for it."""


# Exit code of a crash (an exception sespolicy did not expect): distinct from 1 (violations)
# and 2 (bad input or usage) so a CI gate can tell "sespolicy broke" from "the plan is bad".
INTERNAL_ERROR_EXIT_CODE = 3
