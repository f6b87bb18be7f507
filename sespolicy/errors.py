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
