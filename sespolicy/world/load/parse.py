"""JSON parsing whose failures name the line and column and say how to get valid input."""

from __future__ import annotations

import json
import re
from contextlib import AbstractContextManager

from sespolicy.errors import InputError
from sespolicy.gc_pause import bulk_allocation
from sespolicy.world.load.sniff import (
    SHOW_JSON,
    UI_LOG_ADVICE,
    WRAPPER_ADVICE,
    looks_like_ui_log,
    looks_like_wrapper_trailer,
)
from sespolicy.world.load.surrogates import refuse_lone_surrogates

# Below this size the collector's cost while parsing is negligible; above it, see _parsing_mode.
LARGE_INPUT_CHARS = 1_000_000


def _parsing_mode(text_length: int) -> AbstractContextManager[None]:
    """For a large input, keep the cycle collector away from the document being built.

    json.loads on a 50,000-resource plan creates millions of containers and no reference
    cycles, yet collections triggered while it runs rescan all that was built so far: over
    half of json.loads' time. The document lives for the rest of the run, so it is frozen
    afterwards too (see sespolicy.gc_pause). Small inputs are left alone.
    """
    return bulk_allocation(enabled=text_length >= LARGE_INPUT_CHARS)


class _NotJsonConstant(ValueError):
    """NaN or Infinity: Python's json module reads them, JSON (and Terraform) never writes them."""


def _refuse_constant(name: str) -> object:
    raise _NotJsonConstant(name)


def parse_json(text: str, source: str) -> object:
    try:
        with _parsing_mode(len(text)):
            data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as problem:
        raise _explain(problem, text, source) from None
    except RecursionError:
        raise InputError(
            f"{source}: JSON is nested too deeply to read; give the output of {SHOW_JSON}"
        ) from None
    except _NotJsonConstant as problem:
        raise InputError(
            f"{source}: has `{problem}`, which is not a JSON number; the file was edited or "
            f"written by something other than Terraform: give the output of {SHOW_JSON}"
        ) from None
    except ValueError as problem:
        # An integer literal longer than Python's digit limit (4,300 digits by default).
        what = "a number too long to read" if "digits" in str(problem) else str(problem)
        raise InputError(
            f"{source}: not usable JSON ({what}); give the output of {SHOW_JSON}"
        ) from None
    if _may_hold_surrogates(text):
        refuse_lone_surrogates(data, source)
    return data


# Only a `\uD800`-`\uDFFF` escape can put a surrogate into parsed JSON: decoding the bytes
# refused raw ones. One regular-expression scan finds it (about 40 ms for 65 MB), so the walk
# runs only for the rare input that has one (an emoji written as a pair, or a crafted half).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _may_hold_surrogates(text: str) -> bool:
    return _SURROGATE_ESCAPE.search(text) is not None


def _explain(problem: json.JSONDecodeError, text: str, source: str) -> InputError:
    if problem.msg == "Extra data" and looks_like_wrapper_trailer(text[problem.pos :]):
        return InputError(
            f"{source}: has `::debug::` lines from the hashicorp/setup-terraform wrapper after "
            f"the JSON (line {problem.lineno}); {WRAPPER_ADVICE}"
        )
    if problem.msg == "Extra data" and looks_like_ui_log(text):
        return InputError(f"{source}: {UI_LOG_ADVICE}")
    first = text.lstrip()[:1]
    if first and first not in "{[":
        advice = f"this looks like text, not JSON; run {SHOW_JSON} (with -json)"
    else:
        advice = f"the file may be truncated or edited; write it again with {SHOW_JSON}"
    return InputError(
        f"{source}: not valid JSON at line {problem.lineno} column {problem.colno} "
        f"({problem.msg}); {advice}"
    )
