"""Regular expressions from policies, matched in time linear in the value.

A policy folder is input like a plan: a `matches "…"` step could carry a pattern such as
`^(a+)+$`, which Python's backtracking `re` takes exponential time to reject on a value of a few
dozen characters, hanging the CI gate. So patterns are compiled with RE2 (the `google-re2`
package), whose automaton matches in time linear in the value whatever the pattern. RE2 refuses,
at compile time, the few constructs that need backtracking (backreferences such as `\\1`,
look-ahead and look-behind), so such a pattern is an error when the policies load, never a
hang when a plan is judged. Other differences from Python's `re`: `\\d`, `\\w` and `\\s` match
ASCII characters only, and `$` matches only at the very end of the value (not before a final
newline; write `\\n?$` for that).

`compile_pattern(text, where)` is the one entry point: the step library calls it as policies
load, with `where` naming the policy file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

from sespolicy.display import escape_text
from sespolicy.errors import InputError

# RE2 refuses to build an automaton above this many bytes: a pattern like `a{1000}{1000}` is
# an error at load instead of a memory blow-up. RE2's own default (8 MiB) is kept.
_MAX_PROGRAM_BYTES = 8 << 20
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _options() -> re2.Options:
    options = re2.Options()
    # Without this RE2 writes its own diagnostics to stderr; the InputError says it all.
    options.log_errors = False
    options.max_mem = _MAX_PROGRAM_BYTES
    return options


@dataclass(frozen=True)
class BoundedPattern:
    """A compiled pattern whose `search` takes time linear in the length of the value."""

    text: str
    _compiled: Any

    def search(self, value: str) -> bool:
        """True when the pattern matches anywhere in `value`."""
        try:
            return self._compiled.search(value) is not None
        except UnicodeEncodeError:
            # RE2 reads UTF-8, and a lone surrogate (possible in JSON input) has no UTF-8 form:
            # it is matched as U+FFFD, the character Unicode keeps for what cannot be decoded.
            return self._compiled.search(_LONE_SURROGATE.sub("\ufffd", value)) is not None


@lru_cache(maxsize=1024)
def compile_pattern(text: str, where: str = "") -> BoundedPattern:
    """Compile a policy's regular expression, or raise InputError "where: …" saying why not
    (the step library adds the file and line itself, and passes no `where`)."""
    try:
        compiled = re2.compile(text, _options())
    except (re2.error, UnicodeEncodeError) as problem:
        reason = _reason(problem)
        prefix = f"{where}: " if where else ""
        raise InputError(
            f"{prefix}\"{escape_text(text)}\" is not a regular expression sespolicy can use "
            f"({reason}); patterns use RE2 syntax, which has no backreferences or look-around "
            "so that matching stays linear in the value"
        ) from None
    return BoundedPattern(text, compiled)


def _reason(problem: Exception) -> str:
    if isinstance(problem, UnicodeEncodeError):
        return "it contains a lone surrogate, which is not text"
    detail = problem.args[0] if problem.args else ""
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return escape_text(str(detail)) or "rejected by RE2"
