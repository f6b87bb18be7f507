"""Values of the root module's input variables, gathered the way Terraform gathers them.

Later sources win: the declared `default`, then `terraform.tfvars`, `terraform.tfvars.json`,
`*.auto.tfvars` / `*.auto.tfvars.json` in lexical order, then the var files given explicitly, then
single values given explicitly (as `-var name=value` would). `TF_VAR_*` environment variables
are deliberately not read: a policy verdict should not change with the shell it runs in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.hcl.blocks import ModuleConfig, VariableConfig
from sespolicy.hcl.evaluate import constant_value
from sespolicy.hcl.functions import as_set
from sespolicy.hcl.syntax import parse_file, parse_text


@dataclass(frozen=True)
class RootVariables:
    values: dict[str, Any]  # only variables with a value
    missing: tuple[str, ...]  # declared, no default and no value given
    undeclared: tuple[str, ...]  # given a value but not declared (Terraform warns)


def root_variable_values(
    root: ModuleConfig,
    var_files: Sequence[str] = (),
    overrides: Mapping[str, str] | None = None,
) -> RootVariables:
    assigned: dict[str, Any] = {}
    for path in _automatic_var_files(root.directory):
        assigned.update(_read_var_file(path))
    for name in var_files:
        path = Path(name)
        if not path.is_file():
            raise InputError(f"variable file {name} does not exist; check the path")
        assigned.update(_read_var_file(path))
    for name, text in (overrides or {}).items():
        declared = root.variables.get(name)
        assigned[name] = _parse_override(name, text, declared)

    values: dict[str, Any] = {}
    missing = []
    for name, variable in root.variables.items():
        if name in assigned:
            values[name] = convert_to_type(assigned[name], variable.type_text)
        elif variable.has_default:
            values[name] = convert_to_type(variable.default, variable.type_text)
        else:
            missing.append(name)
    undeclared = tuple(sorted(set(assigned) - set(root.variables)))
    return RootVariables(values=values, missing=tuple(missing), undeclared=undeclared)


def _automatic_var_files(directory: Path) -> list[Path]:
    files = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
    automatic = sorted(
        path
        for path in directory.iterdir()
        if path.is_file()
        and (path.name.endswith(".auto.tfvars") or path.name.endswith(".auto.tfvars.json"))
    )
    return [path for path in files if path.is_file()] + automatic


def _read_var_file(path: Path) -> dict[str, Any]:
    if path.name.endswith(".json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError) as error:
            raise InputError(f"{path.name}: not a valid variables JSON file ({error})") from None
        if not isinstance(data, dict):
            raise InputError(f"{path.name}: a variables JSON file must hold one object")
        return data
    top = parse_file(path, path.name)
    values: dict[str, Any] = {}
    for name, attribute in top.attributes.items():
        known, value = constant_value(attribute.expression)
        if not known:
            raise InputError(
                f"{path.name}:{attribute.line}: variable {name!r} must be a literal value in a "
                f"variables file (no references or function calls)"
            )
        values[name] = value
    return values


def _parse_override(name: str, text: str, declared: VariableConfig | None) -> Any:
    # As with `-var`: a string variable takes the text as it is; other types parse it as HCL.
    type_text = declared.type_text if declared is not None else None
    if type_text in (None, "string", "any"):
        return text
    try:
        top = parse_text(f"value = {text}\n", f"-var {name}")
    except InputError:
        raise InputError(f"variable {name}: cannot read {text!r} as a {type_text}") from None
    known, value = constant_value(top.attributes["value"].expression)
    if not known:
        raise InputError(f"variable {name}: {text!r} is not a literal value")
    return value


def convert_to_type(value: Any, type_text: str | None) -> Any:
    """The few conversions Terraform applies that change what a policy sees."""
    if value is None or type_text is None:
        return value
    if type_text == "string" and isinstance(value, (int, float, bool)):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    if type_text == "number" and isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    if type_text == "bool" and value in ("true", "false"):
        return value == "true"
    if type_text.startswith("set(") and isinstance(value, list):
        return as_set(value)
    return value
