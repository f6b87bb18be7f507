"""Regular expressions from policies (placeholder until the bounded matcher lands)."""

from __future__ import annotations

import re

from sespolicy.policy.steps.parameters import ParameterError


def compile_pattern(text: str, where: str = "") -> re.Pattern[str]:
    try:
        return re.compile(text)
    except re.error as problem:
        raise ParameterError(f"{text!r} is not a valid regular expression: {problem}") from None
