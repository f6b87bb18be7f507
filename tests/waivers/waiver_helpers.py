"""Plain helpers for the waiver, enforcement and baseline tests (fixtures are in conftest).

A uniquely named module rather than imports from conftest: the test folders have no
__init__.py, so pytest puts this folder on sys.path and the name must not clash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
# Every CLI test runs on this day, so expiry dates in the tests mean the same forever.
TODAY = date(2027, 1, 15)


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str


def plan(name: str) -> str:
    return str(PLANS / f"{name}.json")


def waiver_toml(
    rule: str,
    address: str,
    expires: str = "2027-03-31",
    reason: str = "Archive bucket stays in us-east-1 by design",
    owner: str = "mail-platform@example.com",
) -> str:
    return (
        "[[waiver]]\n"
        f"rule = {json.dumps(rule)}\n"
        f"address = {json.dumps(address)}\n"
        f"reason = {json.dumps(reason)}\n"
        f"owner = {json.dumps(owner)}\n"
        f"expires = {expires}\n\n"
    )


def plan_with_copied_resource(source: str, address: str, new_name: str, target: Path) -> Path:
    """A copy of a fixture plan where the resource at `address` appears twice.

    The copy is configured exactly like the original, so it repeats the original's violation
    at a new address: what copy-pasting a resource block does to a real configuration.
    """
    document = json.loads(Path(plan(source)).read_text(encoding="utf-8"))
    resource_type = address.rsplit(".", 1)[0]
    new_address = f"{resource_type}.{new_name}"
    lists = (
        document["planned_values"]["root_module"]["resources"],
        document["resource_changes"],
        document["configuration"]["root_module"]["resources"],
    )
    for resources in lists:
        originals = [entry for entry in resources if entry["address"] == address]
        assert originals, f"{address} not found in {source}"
        for original in originals:
            copy = json.loads(json.dumps(original))
            copy["address"] = new_address
            copy["name"] = new_name
            resources.append(copy)
    target.write_text(json.dumps(document), encoding="utf-8")
    return target
