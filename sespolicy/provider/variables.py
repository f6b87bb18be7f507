"""Which required root variables would have no value, found before Terraform runs.

Terraform takes a root variable's value from, last one winning: its default, the environment
(`TF_VAR_name`), `terraform.tfvars(.json)`, `*.auto.tfvars(.json)` in the root directory, and
`-var-file` / `-var` on the command line. A variable with no default that none of these sets
stops the plan; Terraform names them only after init, and before it checks anything else, so
they are found here to be named together with every other problem.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sespolicy.display import escape_text
from sespolicy.errors import InputError
from sespolicy.provider import hclscan
from sespolicy.provider.configscan import Variable

_AUTO_FILES = ("terraform.tfvars", "terraform.tfvars.json")
_AUTO_SUFFIXES = (".auto.tfvars", ".auto.tfvars.json")


def variable_file_names(path: Path) -> set[str]:
    """The variable names a `.tfvars` or `.tfvars.json` file sets."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        reason = getattr(problem, "strerror", None) or problem
        raise InputError(f"cannot read variables file {path}: {reason}") from None
    if path.name.endswith(".json"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as problem:
            raise InputError(f"variables file {path} is not JSON: {problem}") from None
        return set(document) if isinstance(document, dict) else set()
    return set(hclscan.attributes(hclscan.blank_comments(text)))


def automatic_variable_files(config_dir: Path) -> list[Path]:
    """The files Terraform reads variables from without being told to."""
    try:
        names = sorted(entry.name for entry in os.scandir(config_dir) if entry.is_file())
    except OSError:
        return []
    return [
        config_dir / name for name in names if name in _AUTO_FILES or name.endswith(_AUTO_SUFFIXES)
    ]


def missing_variables(
    variables: Iterable[Variable],
    config_dir: Path,
    var_files: Sequence[Path],
    assignments: Sequence[str],
    environ: Mapping[str, str] | None = None,
) -> list[Variable]:
    environ = os.environ if environ is None else environ
    given = {assignment.partition("=")[0].strip() for assignment in assignments}
    given |= {key[len("TF_VAR_") :] for key in environ if key.startswith("TF_VAR_")}
    for path in [*automatic_variable_files(config_dir), *var_files]:
        given |= variable_file_names(path)
    return [variable for variable in variables if variable.required and variable.name not in given]


def describe_missing(variables: Sequence[Variable]) -> str:
    """One sentence naming every variable with its type, and how to give them."""
    listed = ", ".join(f"{escape_text(v.name)} ({escape_text(v.type)})" for v in variables)
    count = len(variables)
    noun = "variable has" if count == 1 else "variables have"
    return (
        f"{count} required {noun} no value: {listed}; pass each with --var NAME=VALUE, or "
        "write NAME = VALUE lines in a .tfvars file and pass --var-file FILE"
    )
