"""Provider `region` expressions evaluated from the `.tf` files, for the Region resolver.

A plan records a provider block's `region` only as a constant or a list of references; an
expression such as `local.regions[var.env]` cannot be evaluated from the plan alone. With the
configuration at hand (`--source-dir`, or the folder `sespolicy plan` planned) the .tf reader
can: locals, map lookups and functions on variables, with the variable values the plan records.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.hcl.blocks import ModuleConfig, ProviderBlockConfig, read_configuration_lenient
from sespolicy.hcl.evaluate import UNKNOWN, evaluate
from sespolicy.hcl.instances import EvaluationRun, ModuleInstance
from sespolicy.hcl.providers import opaque_key
from sespolicy.hcl.syntax import Attribute
from sespolicy.hcl.variables import convert_to_type
from sespolicy.world.regions import SourceProviderRegion


def provider_regions_from_source(
    directory: str, plan_variables: Mapping[str, Any]
) -> dict[str, SourceProviderRegion]:
    """Every provider block's region (by provider_config key) the .tf files let us evaluate.

    Variables take the values the plan recorded (they are what Terraform planned with), else
    their declared defaults. A folder that cannot be read gives no answers: the resolver then
    says what it could not evaluate, as without the folder.
    """
    root_directory = Path(directory)
    try:
        root_config = read_configuration_lenient(root_directory)
    except InputError:
        return {}
    run = EvaluationRun(root_directory=str(root_directory.resolve()), provider_keys=None)

    def root_variable(name: str) -> Any:
        if name in plan_variables:
            return plan_variables[name]
        declared = root_config.variables.get(name)
        if declared is not None and declared.has_default:
            return convert_to_type(declared.default, declared.type_text)
        return UNKNOWN

    found: dict[str, SourceProviderRegion] = {}
    _collect(ModuleInstance(root_config, "", run, root_variable), root_directory, found)
    return found


def _collect(
    instance: ModuleInstance, root_directory: Path, found: dict[str, SourceProviderRegion]
) -> None:
    config: ModuleConfig = instance.config
    for block in config.provider_blocks:
        region = block.block.attribute("region")
        if region is None:
            continue
        key = opaque_key(block.local_key, config.address)
        found[key] = _answer(key, block, region, instance, root_directory)
    for call in config.module_calls.values():
        children = instance.children(call)
        # A provider block inside a module with count/for_each is refused by Terraform; one
        # instance is all a module that declares providers can have.
        if len(children) == 1:
            _collect(next(iter(children.values())), root_directory, found)


def _answer(
    key: str,
    block: ProviderBlockConfig,
    region: Attribute,
    instance: ModuleInstance,
    root_directory: Path,
) -> SourceProviderRegion:
    value = evaluate(region.expression, instance.scope())
    return SourceProviderRegion(
        key=key,
        region=value if isinstance(value, str) and value else None,
        expression=_source_text(root_directory, region),
        location=f"{region.file}:{region.line}",
    )


def _source_text(root_directory: Path, attribute: Attribute) -> str:
    """The expression as written (`local.regions[var.env]`), from the file's own lines."""
    try:
        lines = (root_directory / attribute.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return "(expression)"
    text = " ".join(
        _without_comment(line).strip() for line in lines[attribute.line - 1 : attribute.end_line]
    )
    _, _, expression = text.partition("=")
    return " ".join(expression.split()) or "(expression)"


def _without_comment(line: str) -> str:
    # Good enough for a provider's region line: a `#` or `//` after a space starts a comment.
    for marker in (" #", " //"):
        position = line.find(marker)
        if position != -1:
            line = line[:position]
    return line
