"""The config file: `.sespolicy.toml` in the current directory, or the file named by --config.

A TOML file with three optional parts; anything else in it is an error (so a typo such as
`[[waivers]]` is caught, not silently ignored):

    # Accept a known risk: rule id or family, address glob, reason, owner, expiry (all required).
    [[waiver]]
    rule = "SES-RECV-010"
    address = "aws_ses_receipt_rule.archive*"
    reason = "Archive bucket stays in us-east-1 by design (S3 exempt per AWS docs)"
    owner = "mail-platform@example.com"
    expires = 2027-03-31

    # How findings of a rule or family count: advisory | soft | hard
    # (see sespolicy.gate.enforcement).
    [enforcement]
    "SES-SUPP" = "advisory"
    "SES-RECV-013" = "hard"

    # The workspaces of one SES estate, for `sespolicy eval --estate` (paths relative to this
    # file): plan JSON, state JSON, a raw terraform.tfstate, or a folder of .tf files.
    [estate]
    dns = "states/dns.tfstate"
    mail = "plan.json"

`expires` is a TOML date (a quoted "2027-03-31" is accepted too); the waiver applies through
that day. `--waivers PATH` names one more file of the same format: its waivers are added after
the config file's, and its [enforcement] entries are merged (the same key with two different
levels is an error). The file is validated against sespolicy/data/sespolicy-config.schema.json;
the first problem is reported on one line naming the file, the key path and what is expected.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from sespolicy.errors import InputError
from sespolicy.gate.enforcement import EnforcementLevel
from sespolicy.gate.schema_check import validate_file_document
from sespolicy.gate.waivers import Waiver

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads TOML with the tomli backport
    import tomli as tomllib

_V = TypeVar("_V")

CONFIG_FILE_NAME = ".sespolicy.toml"
SCHEMA_NAME = "sespolicy-config.schema.json"


@dataclass(frozen=True)
class PolicyConfig:
    waivers: tuple[Waiver, ...] = ()
    enforcement: dict[str, EnforcementLevel] = field(default_factory=dict)
    # The files it was read from, in order (empty: no config at all).
    sources: tuple[str, ...] = ()
    # [estate]: input name -> path (relative paths resolved against the config file's folder).
    estate: dict[str, str] = field(default_factory=dict)

    def merged_with(self, other: PolicyConfig) -> PolicyConfig:
        levels = _merged_table("enforcement", self, self.enforcement, other, other.enforcement)
        estate = _merged_table("estate", self, self.estate, other, other.estate)
        return PolicyConfig(
            self.waivers + other.waivers, levels, self.sources + other.sources, estate
        )


def _merged_table(
    table: str,
    first: PolicyConfig,
    ours: dict[str, _V],
    second: PolicyConfig,
    theirs: dict[str, _V],
) -> dict[str, _V]:
    """`ours` (a table of `first`) with `theirs` (of `second`) added; InputError for a key the
    two set differently."""
    merged = dict(ours)
    for key, value in theirs.items():
        if key in merged and merged[key] != value:
            raise InputError(
                f"{second.sources[0]}: {table}.{key} is {_shown(value)!r} but "
                f"{first.sources[0]} says {_shown(merged[key])!r}; keep one of them"
            )
        merged[key] = value
    return merged


def _shown(value: Any) -> Any:
    """An [enforcement] level as its name in the file; an [estate] path as it is."""
    return value.value if isinstance(value, EnforcementLevel) else value


def find_config(explicit: Path | None, directory: Path | None = None) -> Path | None:
    """The --config file (which must exist), else .sespolicy.toml in directory, else None."""
    if explicit is not None:
        if not explicit.is_file():
            raise InputError(f"--config {explicit}: no such file")
        return explicit
    # Relative when found in the current directory: messages then name it as the user knows it.
    candidate = Path(CONFIG_FILE_NAME) if directory is None else directory / CONFIG_FILE_NAME
    return candidate if candidate.is_file() else None


def load_policy_config(
    config: Path | None, waiver_files: Sequence[Path] = (), directory: Path | None = None
) -> PolicyConfig:
    """Everything the run's config files say; an empty PolicyConfig when there are none."""
    result = PolicyConfig()
    found = find_config(config, directory)
    if found is not None:
        result = read_config_file(found)
    for path in waiver_files:
        if not path.is_file():
            raise InputError(f"--waivers {path}: no such file")
        result = result.merged_with(read_config_file(path))
    return result


def read_config_file(path: Path) -> PolicyConfig:
    label = str(path)
    try:
        text = path.read_bytes().decode("utf-8")  # TOML files are UTF-8 by definition
    except UnicodeDecodeError:
        raise InputError(f"{label}: not valid TOML: the file is not UTF-8 text") from None
    except OSError as problem:
        raise InputError(f"{label}: cannot read it: {problem.strerror or problem}") from None
    return parse_config_text(text, label)


def parse_config_text(text: str, label: str = CONFIG_FILE_NAME) -> PolicyConfig:
    """The config in text, read from the file called label (named in every error)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise InputError(f"{label}: not valid TOML: {problem}") from None
    validate_file_document(_json_compatible(document), SCHEMA_NAME, label)
    return _build(document, label)


def _json_compatible(value: Any) -> Any:
    """TOML dates and times as ISO strings, so the JSON Schema can judge them.

    A datetime keeps its time part ("2027-03-31T00:00:00"), which the schema's date pattern
    rejects: an expiry is a day, not an instant.
    """
    if isinstance(value, dict):
        return {key: _json_compatible(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_compatible(item) for item in value]
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _build(document: dict[str, Any], label: str) -> PolicyConfig:
    waivers = tuple(
        Waiver(
            rule=entry["rule"],
            address=entry["address"],
            reason=entry["reason"].strip(),
            owner=entry["owner"].strip(),
            expires=_as_date(entry["expires"]),
            origin=f"{label}, waiver #{number}",
        )
        for number, entry in enumerate(document.get("waiver", []), start=1)
    )
    levels = {
        key: EnforcementLevel(value) for key, value in document.get("enforcement", {}).items()
    }
    folder = Path(label).parent
    estate = {
        name: str(path if Path(path).is_absolute() else folder / path)
        for name, path in document.get("estate", {}).items()
    }
    return PolicyConfig(waivers, levels, (label,), estate)


def _as_date(value: date | str) -> date:
    # The schema admitted only a plain date or a YYYY-MM-DD string.
    return value if isinstance(value, date) else date.fromisoformat(value)
