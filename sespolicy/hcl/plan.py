"""Turn a `.tf` directory into a dict shaped like `terraform show -json` of a plan.

The result follows Terraform's JSON plan format (format_version 1.2) as far as it can be known
without Terraform: `configuration` (provider_config, modules, resources with expressions and
references), `variables`, `planned_values` and `resource_changes` (every managed resource is a
`create`; values that come from references are absent from `after` and `true` in
`after_unknown`, as Terraform writes them). What HCL alone cannot settle is listed in the extra
top-level key `sespolicy_unresolved` as `{"address", "reason"}` entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.hcl.blocks import ModuleConfig, read_configuration
from sespolicy.hcl.evaluate import UNKNOWN
from sespolicy.hcl.instances import EvaluationRun, ModuleInstance
from sespolicy.hcl.plan_configuration import module_configuration
from sespolicy.hcl.planned import planned_module, root_outputs
from sespolicy.hcl.providers import resolve_provider_keys
from sespolicy.hcl.variables import root_variable_values

FORMAT_VERSION = "1.2"
UNRESOLVED_KEY = "sespolicy_unresolved"


def load_directory(
    path: str,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Read the Terraform configuration in `path` into a plan-shaped dict."""
    try:
        return _load_directory(path, var_files, variables)
    except RecursionError:
        # Expressions are refused past a fixed depth when parsed; values built from them
        # through many modules can still nest deeper than Python follows.
        raise InputError(
            f"{path}: the configuration builds values nested too deeply for sespolicy to read; "
            "plan it with Terraform (sespolicy plan) and pass the plan JSON"
        ) from None


def _load_directory(
    path: str,
    var_files: Sequence[str],
    variables: Mapping[str, str] | None,
) -> dict[str, Any]:
    directory = Path(path)
    if not directory.is_dir():
        raise InputError(f"{path} is not a directory")
    root_config = read_configuration(directory, directory)
    root_values = root_variable_values(root_config, var_files, variables or {})
    provider_keys = resolve_provider_keys(root_config)
    run = EvaluationRun(root_directory=str(directory.resolve()), provider_keys=provider_keys)
    for name in root_values.missing:
        run.note(f"var.{name}", "variable has no default and no value was given")
    for name in root_values.undeclared:
        run.note(
            f"var.{name}",
            "a value was given for a variable the configuration does not declare; it is ignored",
        )

    def root_variable(name: str) -> Any:
        return root_values.values.get(name, UNKNOWN)

    root = ModuleInstance(root_config, "", run, root_variable)
    _note_unreadable(root_config, run)

    planned_root, changes = planned_module(root, provider_keys)
    plan: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "terraform_version": None,
        # Terraform leaves `variables` out when the root module declares none.
        **(
            {"variables": {name: {"value": v} for name, v in root_values.values.items()}}
            if root_values.values
            else {}
        ),
        "planned_values": {"root_module": planned_root},
        "resource_changes": changes,
        "configuration": {
            "provider_config": provider_keys.provider_config_json(),
            "root_module": module_configuration(root_config, provider_keys),
        },
    }
    outputs, output_changes = root_outputs(root)
    if outputs:
        plan["planned_values"]["outputs"] = outputs
        plan["output_changes"] = output_changes
    plan[UNRESOLVED_KEY] = [entry.to_json() for entry in run.unresolved]
    return plan


def _note_unreadable(module: ModuleConfig, run: EvaluationRun) -> None:
    for file in module.skipped_files:
        why = (
            "JSON configuration (.tf.json) is not read"
            if file.endswith(".tf.json")
            else "it is an override file and merging overrides is not supported"
        )
        run.note(module.address or file, f"{file} was not read: {why}")
    for call in module.module_calls.values():
        address = ".".join(filter(None, [module.address, f"module.{call.name}"]))
        if call.unread_reason is not None:
            run.note(address, call.unread_reason)
        elif call.module is not None:
            _note_unreadable(call.module, run)


__all__ = ["UNRESOLVED_KEY", "load_directory"]
