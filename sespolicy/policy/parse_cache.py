"""A content-addressed cache of parsed policy catalogs (see catalog.load_rules)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from sespolicy import __version__
from sespolicy.findings import RuleInfo, Severity

if TYPE_CHECKING:
    from sespolicy.policy.catalog import Rule

# Bump when the Rule shape or the way features become rules changes.
_FORMAT = 2


def _cache_dir() -> Path | None:
    if os.environ.get("SESPOLICY_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sespolicy"


def catalog_key(paths: list[Path], displays: list[str]) -> str:
    digest = hashlib.sha256(f"{__version__}:{_FORMAT}".encode())
    for path, display in zip(paths, displays, strict=True):
        digest.update(display.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_cached_catalog(key: str) -> list[Rule] | None:
    from sespolicy.policy.catalog import PolicyStep, Rule

    directory = _cache_dir()
    if directory is None:
        return None
    try:
        raw = json.loads((directory / f"catalog-{key}.json").read_text(encoding="utf-8"))
        return [
            Rule(
                info=RuleInfo(
                    **{
                        **item["info"],
                        "severity": Severity(item["info"]["severity"]),
                        "tags": tuple(item["info"]["tags"]),
                        "step_lines": tuple(item["info"]["step_lines"]),
                    }
                ),
                steps=tuple(PolicyStep(**step) for step in item["steps"]),
                file=item["file"],
                line=item["line"],
            )
            for item in raw
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # absent or unreadable: parse again


def write_cached_catalog(key: str, rules: list[Rule]) -> None:
    directory = _cache_dir()
    if directory is None:
        return
    payload = [
        {
            "info": {**asdict(rule.info), "severity": rule.info.severity.value},
            "steps": [asdict(step) for step in rule.steps],
            "file": rule.file,
            "line": rule.line,
        }
        for rule in rules
    ]
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary = directory / f".catalog-{key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        temporary.replace(directory / f"catalog-{key}.json")
    except OSError:
        pass  # a read-only home only costs the parse next time
