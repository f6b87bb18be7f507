"""Recognising what was given before and after JSON parsing, so each mistake gets its own advice.

Everything here looks only at the start of the input or at top-level keys: it must stay cheap
for a plan of tens of megabytes.
"""

from __future__ import annotations

import re

from sespolicy.display import escape_text
from sespolicy.errors import InputError
from sespolicy.world.load.document import PLAN, STATE

# A saved binary plan (`terraform plan -out=tfplan`) is a zip archive.
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# hashicorp/setup-terraform's wrapper echoes the command it ran before Terraform's own output,
# and may append GitHub Actions workflow commands (`::debug::…`, `::set-output …`) after it.
_WRAPPER_PREFIX = re.compile(r"\s*\[command\]")
_WORKFLOW_COMMAND = re.compile(r"\s*::[a-z-]+[ :]")
_PLAN_MARKERS = ("planned_values", "resource_changes")
_KEYS_SHOWN = 8
_EXCERPT_LENGTH = 40

SHOW_JSON = "`terraform show -json tfplan`"
# `terraform plan -json` streams one log object per line (keys `@level`, `@message`, …).
UI_LOG_ADVICE = (
    "is the streamed log of `terraform plan -json`, not a plan; save the plan with "
    f"`terraform plan -out=tfplan` and give sespolicy the output of {SHOW_JSON}"
)
_UI_LOG_START = re.compile(r'\s*\{\s*"@level"\s*:')
WRAPPER_ADVICE = (
    "set `terraform_wrapper: false` on the hashicorp/setup-terraform step, "
    "or call `terraform-bin show -json tfplan` instead"
)


def refuse_binary_plan(raw: bytes, source: str) -> None:
    if raw.startswith(_ZIP_SIGNATURES):
        raise InputError(
            f"{source}: is a binary plan file (zip), not JSON; "
            f"run {SHOW_JSON} and give sespolicy its output"
        )


def refuse_wrapper_output(text: str, source: str) -> None:
    """Refuse output that starts with the setup-terraform wrapper's `[command]` echo line."""
    if _WRAPPER_PREFIX.match(text):
        raise InputError(
            f"{source}: starts with a `[command]…` line from the hashicorp/setup-terraform "
            f"wrapper, not plain JSON; {WRAPPER_ADVICE}"
        )


def looks_like_wrapper_trailer(text_after_json: str) -> bool:
    """True when the text after a complete JSON value is a GitHub Actions workflow command."""
    return bool(_WORKFLOW_COMMAND.match(text_after_json))


def looks_like_ui_log(text: str) -> bool:
    """True for the line-per-message log `terraform plan -json` prints while it works."""
    return bool(_UI_LOG_START.match(text))


def classify(data: object, source: str) -> str:
    """Return PLAN or STATE for parsed `terraform show -json` output, or refuse with advice."""
    if not isinstance(data, dict):
        raise InputError(
            f"{source}: top-level JSON is {json_type_name(data)}, expected an object; "
            f"give the output of {SHOW_JSON} (a plan) or `terraform show -json` (a state)"
        )
    if "plan_format_version" in data or any(key in data for key in _PLAN_MARKERS):
        return PLAN
    if "values" in data or _is_empty_state(data):
        return STATE
    if "@level" in data and "@message" in data:
        raise InputError(f"{source}: {UI_LOG_ADVICE}")
    raise InputError(
        f"{source}: JSON is neither a Terraform plan nor a state; expected `format_version` with "
        "`planned_values`/`resource_changes` (a plan) or `values` (a state), found "
        f"{_describe_keys(data)}; give the output of {SHOW_JSON}"
    )


def _is_empty_state(data: dict) -> bool:
    # `terraform show -json` with an empty state writes only the version keys, no `values`.
    return "format_version" in data and set(data) <= {"format_version", "terraform_version"}


def _describe_keys(data: dict) -> str:
    if not data:
        return "an empty object"
    keys = sorted(data)
    shown = ", ".join(f"`{excerpt(key)}`" for key in keys[:_KEYS_SHOWN])
    more = f" and {len(keys) - _KEYS_SHOWN} more" if len(keys) > _KEYS_SHOWN else ""
    return f"keys {shown}{more}"


def json_type_name(value: object) -> str:
    """The JSON name of a parsed value's type, with an article, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"


def excerpt(text: str) -> str:
    """Text from the input for a one-line message: shortened, control characters escaped."""
    if len(text) > _EXCERPT_LENGTH:
        text = text[:_EXCERPT_LENGTH] + "…"
    return escape_text(text)
