"""The end-to-end cases: a Terraform configuration, the plan Terraform wrote for it, and the
verdicts `expected.json` says sespolicy must reach (see tests/fixtures/README.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIGS_DIR = REPO_ROOT / "tests" / "e2e" / "configs"
PLANS_DIR = REPO_ROOT / "tests" / "fixtures" / "plans"

RULE_FAMILIES = (
    "SES-RECV",
    "SES-AUTH",
    "SES-NOTIF",
    "SES-IDENT",
    "SES-DKIM",
    "SES-MAILFROM",
    "SES-SMTP",
    "SES-REGION",
    "SES-SUPP",
)
SOURCE_KINDS = ("attribute", "provider", "arn", "default", "environment", "global", "unknown")
ANY_FAMILY = "*"


@dataclass(frozen=True)
class ExpectedRegion:
    region: str | None
    source_kind: str


@dataclass(frozen=True)
class AllowedUnknown:
    """An (family, address) pair that may be reported unknown; `required` ones must be."""

    family: str
    address: str
    required: bool

    def matches(self, family: str, address: str) -> bool:
        return address == self.address and self.family in (ANY_FAMILY, family)


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    provider_mode: str
    exit_code: int
    violations: frozenset[tuple[str, str]]
    unknown: tuple[AllowedUnknown, ...]
    regions: dict[str, ExpectedRegion]
    # The plan's provider Regions need the configuration (.tf) to be evaluated: the fast path
    # passes --source-dir (sespolicy plan has the folder anyway).
    source_dir: bool = False

    @property
    def config_dir(self) -> Path:
        return CONFIGS_DIR / self.name

    @property
    def plan_path(self) -> Path:
        return PLANS_DIR / f"{self.name}.json"

    @property
    def source_options(self) -> tuple[str, ...]:
        return ("--source-dir", str(self.config_dir)) if self.source_dir else ()


def load_case(config_dir: Path) -> Case:
    raw = json.loads((config_dir / "expected.json").read_text())
    return Case(
        name=config_dir.name,
        description=raw["description"],
        provider_mode=raw["provider_mode"],
        exit_code=raw["exit_code"],
        violations=frozenset((item["family"], item["address"]) for item in raw["violations"]),
        unknown=tuple(
            AllowedUnknown(item["family"], item["address"], bool(item.get("required", False)))
            for item in raw.get("unknown", [])
        ),
        regions={
            address: ExpectedRegion(item["region"], item["source_kind"])
            for address, item in raw.get("regions", {}).items()
        },
        source_dir=bool(raw.get("source_dir", False)),
    )


def all_cases() -> list[Case]:
    return [
        load_case(directory)
        for directory in sorted(CONFIGS_DIR.iterdir())
        if (directory / "expected.json").is_file()
    ]
