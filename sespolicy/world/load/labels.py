"""`NAME=PATH`: an input (or a `--source-dir`) with a name the findings use instead of its path.

`sespolicy eval staging=plans/staging.json prod=plans/prod.json` reports each finding with
`"input": "prod"`. A path that exists wins over a label reading, so a file really called
`a=b.json` is still that file; a NAME holds no path separator, so `./x=y/plan.json` is a path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

_SEPARATORS = tuple({"/", os.sep, os.altsep or "/"})


@dataclass(frozen=True)
class Labelled:
    """One command-line argument read as an optional label and a path."""

    label: str  # "" when the argument is a plain path
    path: str


def split_label(argument: str) -> Labelled:
    """Read `NAME=PATH`, unless `argument` is itself an existing path or has no usable NAME."""
    if os.path.lexists(argument):
        return Labelled("", argument)
    name, separator, path = argument.partition("=")
    if not separator or not is_label(name) or not path:
        return Labelled("", argument)
    return Labelled(name, path)


def is_label(name: str) -> bool:
    """A label is a non-empty, printable name without spaces or path separators."""
    return (
        bool(name)
        and name.isprintable()
        and not any(character.isspace() for character in name)
        and not any(separator in name for separator in _SEPARATORS)
        and name not in (".", "..", "-")
    )
