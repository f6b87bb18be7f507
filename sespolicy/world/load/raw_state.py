"""A raw `terraform.tfstate` (`terraform state pull`, format version 4) read as the state JSON
`terraform show -json` would write.

CI jobs often have the state of the other workspaces of an estate, not `terraform show -json`
of it. The raw file holds the same objects: each resource's instances with their attributes,
the paths of sensitive attributes, the module and the provider (whose string names only the
provider and alias, never a Region: a raw state's Regions come from each resource's own
`region` attribute or ARN).
"""

from __future__ import annotations

import json
import re
from typing import Any

from sespolicy.display import escape_text
from sespolicy.errors import InputError

SUPPORTED_VERSION = 4
# The `format_version` of `terraform show -json` state output this conversion writes.
SHOW_FORMAT_VERSION = "1.0"
_PROVIDER = re.compile(r'^provider\["(?P<source>[^"]+)"\]')


def is_raw_state(data: dict) -> bool:
    return isinstance(data.get("version"), int) and (
        "resources" in data or "lineage" in data or "serial" in data
    )


def state_from_raw(data: dict, source: str) -> dict[str, Any]:
    version = data.get("version")
    if version != SUPPORTED_VERSION:
        raise InputError(
            f"{source}: is a raw terraform.tfstate of version {escape_text(str(version))}; "
            f"sespolicy reads version {SUPPORTED_VERSION} (Terraform 0.12 and later): run "
            "`terraform show -json` with the Terraform that wrote it and give that output"
        )
    resources = data.get("resources")
    if not isinstance(resources, list):
        raise InputError(f"{source}: raw state `resources` is not a list")
    modules: dict[str, list[dict[str, Any]]] = {"": []}
    for resource in resources:
        if not isinstance(resource, dict):
            raise InputError(f"{source}: a raw state resource is not an object")
        for converted in _instances(resource, source):
            modules.setdefault(converted.pop("_module"), []).append(converted)
    root: dict[str, Any] = {"resources": modules.pop("")}
    if modules:
        # Every module instance as a child of the root: readers walk the tree, whatever its
        # nesting, and each module carries its full address.
        root["child_modules"] = [
            {"address": address, "resources": entries}
            for address, entries in sorted(modules.items())
        ]
    terraform_version = data.get("terraform_version")
    return {
        "format_version": SHOW_FORMAT_VERSION,
        **({"terraform_version": terraform_version} if isinstance(terraform_version, str) else {}),
        "values": {"root_module": root},
        "sespolicy_raw_state": True,
    }


def _instances(resource: dict[str, Any], source: str) -> list[dict[str, Any]]:
    mode = resource.get("mode", "managed")
    type_name = resource.get("type")
    name = resource.get("name")
    if not isinstance(type_name, str) or not isinstance(name, str) or mode not in (
        "managed",
        "data",
    ):
        raise InputError(f"{source}: a raw state resource has no valid mode, type and name")
    module = resource.get("module") if isinstance(resource.get("module"), str) else ""
    provider = _provider_source(resource.get("provider"))
    local = f"data.{type_name}.{name}" if mode == "data" else f"{type_name}.{name}"
    found = []
    for instance in resource.get("instances") or []:
        if not isinstance(instance, dict):
            continue
        key = instance.get("index_key")
        address = f"{module}.{local}" if module else local
        address += _format_key(key)
        attributes = instance.get("attributes")
        if not isinstance(attributes, dict):
            flat = instance.get("attributes_flat")
            attributes = flat if isinstance(flat, dict) else {}
        converted: dict[str, Any] = {
            "_module": module,
            "address": address,
            "mode": mode,
            "type": type_name,
            "name": name,
            "provider_name": provider,
            "schema_version": instance.get("schema_version", 0),
            "values": attributes,
            "sensitive_values": _sensitive_marks(instance.get("sensitive_attributes")),
        }
        if key is not None:
            converted["index"] = key
        found.append(converted)
    return found


def _provider_source(text: object) -> str:
    match = _PROVIDER.match(text) if isinstance(text, str) else None
    return match.group("source") if match else ""


def _format_key(key: object) -> str:
    if key is None:
        return ""
    if isinstance(key, int) and not isinstance(key, bool):
        return f"[{key}]"
    return f"[{json.dumps(str(key))}]"


def _sensitive_marks(paths: object) -> dict[str, Any]:
    """`sensitive_attributes` (a list of attribute paths) as the nested marks of
    `sensitive_values` (`{"secret": true}`, `{"block": [{"key": true}]}`)."""
    marks: dict[str, Any] = {}
    if not isinstance(paths, list):
        return marks
    for path in paths:
        steps = _steps(path)
        if steps:
            _mark(marks, steps)
    return marks


def _steps(path: object) -> list[str | int]:
    if not isinstance(path, list):
        return []
    steps: list[str | int] = []
    for step in path:
        if not isinstance(step, dict):
            return []
        value = step.get("value")
        if step.get("type") == "get_attr" and isinstance(value, str):
            steps.append(value)
        elif step.get("type") == "index" and isinstance(value, dict):
            inner = value.get("value")
            if isinstance(inner, (int, str)) and not isinstance(inner, bool):
                steps.append(inner)
            else:
                return steps
        else:
            return steps
    return steps


def _mark(marks: dict[str, Any], steps: list[str | int]) -> None:
    """Mark the path True. A list index becomes a list of marks; the first step is always an
    attribute name (a top-level attribute)."""
    current: Any = marks
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        if isinstance(current, dict):
            key = str(step)
            if last:
                current[key] = True
                return
            following = steps[position + 1]
            child = current.get(key)
            if child is True:
                return
            if not isinstance(child, (dict, list)):
                child = [] if isinstance(following, int) else {}
                current[key] = child
            current = child
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < 10_000:
            while len(current) <= step:
                current.append(False)
            if last:
                current[step] = True
                return
            following = steps[position + 1]
            child = current[step]
            if child is True:
                return
            if not isinstance(child, (dict, list)):
                child = [] if isinstance(following, int) else {}
                current[step] = child
            current = child
        else:
            return
