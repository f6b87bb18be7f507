"""Top-level facts of a plan or state: its format version and whether Terraform finished it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sespolicy.errors import InputError
from sespolicy.world.load.document import PLAN
from sespolicy.world.load.sniff import SHOW_JSON, excerpt, json_type_name

# Terraform promises that a 1.x reader can read every 1.y document; a new major may not be.
NEWEST_MAJOR_UNDERSTOOD = 1
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)*")
# HCP Terraform / Terraform Cloud serve a redacted plan JSON with its own version key.
REDACTED_PLAN_VERSION_KEY = "plan_format_version"


@dataclass(frozen=True)
class Envelope:
    format_version: str
    terraform_version: str | None
    warnings: tuple[str, ...]


def read_envelope(data: dict, kind: str, source: str) -> Envelope:
    """Check the version and completeness keys; refuse what cannot be evaluated safely."""
    version_key = _version_key(data)
    format_version = _checked_format_version(data, version_key, source)
    if kind == PLAN and data.get("errored") is True:
        raise InputError(
            f"{source}: \"errored\": true — the plan is incomplete because Terraform stopped "
            "part-way; fix the errors Terraform reported and run terraform plan again"
        )
    warnings: list[str] = []
    if kind == PLAN and data.get("complete") is False:
        warnings.append(
            "\"complete\": false — Terraform deferred some changes, so this plan "
            "does not show everything the next apply will do; checks cover only what it shows"
        )
    if version_key == REDACTED_PLAN_VERSION_KEY:
        warnings.append(
            "HCP Terraform redacted plan JSON — it has no `configuration` or "
            "`planned_values`, so references and provider regions come only from "
            f"`resource_changes`; {SHOW_JSON} output gives complete results"
        )
    terraform_version = data.get("terraform_version")
    return Envelope(
        format_version=format_version,
        terraform_version=terraform_version if isinstance(terraform_version, str) else None,
        warnings=tuple(warnings),
    )


def _version_key(data: dict) -> str:
    if "format_version" not in data and REDACTED_PLAN_VERSION_KEY in data:
        return REDACTED_PLAN_VERSION_KEY
    return "format_version"


def _checked_format_version(data: dict, key: str, source: str) -> str:
    if key not in data:
        raise InputError(
            f"{source}: has no `format_version`, which every `terraform show -json` output "
            f"carries; give the output of {SHOW_JSON}"
        )
    value = data[key]
    match = _VERSION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        found = f'"{excerpt(value)}"' if isinstance(value, str) else json_type_name(value)
        raise InputError(
            f"{source}: `{key}` is {found}, expected a version string such as \"1.2\"; "
            f"give the output of {SHOW_JSON}"
        )
    if int(match.group(1)) > NEWEST_MAJOR_UNDERSTOOD:
        raise InputError(
            f"{source}: `{key}` {value} was written by a newer Terraform than sespolicy "
            f"understands (it reads 0.x and 1.x); upgrade sespolicy, or write the plan with a "
            "Terraform or OpenTofu release whose JSON format is 1.x"
        )
    return value

