"""Where an AWS type's ARN comes from: service namespace, resource part, Region and account.

Data: `sespolicy/data/arn-shapes.json` (built by scripts/build_provider_data.py from
scripts/provider_sources/aws-arn-shapes.json and the hashicorp/aws 6.x schema): the ARN service
of every type-name prefix (longest prefix wins), the resource part for common types, and the
types the 6.x provider treats as global (no per-resource `region`). Kept cheap to import: the
plan-only provider imports it on start, and the JSON is read on first use only.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

_NO_REGION = "no-region"
_NO_ACCOUNT = "no-account"


@dataclass(frozen=True)
class ArnShape:
    service: str  # ARN service namespace, e.g. "sns", "elasticloadbalancing"
    resource: str  # the resource part, with {placeholders} (see aws-arn-shapes.json)
    regional: bool  # the ARN names a Region
    has_account: bool  # the ARN names an account
    global_type: bool  # hashicorp/aws 6.x gives the type no per-resource Region (IAM, Route 53 …)

    def format(self, partition: str, region: str, account: str, values: dict[str, str]) -> str:
        """The ARN with placeholders filled from `values` (missing ones stay as written)."""
        resource = self.resource
        for key, value in values.items():
            resource = resource.replace("{" + key + "}", value)
        region_part = region if self.regional else ""
        account_part = account if self.has_account else ""
        return f"arn:{partition}:{self.service}:{region_part}:{account_part}:{resource}"


@functools.lru_cache(maxsize=1)
def _table() -> dict:
    text = resources.files("sespolicy.data").joinpath("arn-shapes.json").read_text("utf-8")
    table = json.loads(text)
    table["global_types"] = frozenset(table.get("global_types", ()))
    # Longest prefix first, so aws_cloudwatch_log_ wins over aws_cloudwatch_.
    table["prefix_order"] = sorted(table["prefixes"], key=len, reverse=True)
    return table


def _arn_service(type_name: str) -> str:
    table = _table()
    for prefix in table["prefix_order"]:
        if type_name.startswith(prefix):
            return table["prefixes"][prefix]
    parts = type_name.split("_")
    return parts[1] if len(parts) > 1 else type_name


def arn_shape(type_name: str) -> ArnShape:
    """The ARN shape of a resource or data source type (a generic one for uncommon types)."""
    table = _table()
    service = _arn_service(type_name)
    global_type = type_name in table["global_types"]
    written = table["types"].get(type_name)
    flags: list[str] = []
    if isinstance(written, list):
        written, *flags = written
    if written is None:
        written = _generic_resource_part(type_name, service)
    return ArnShape(
        service=service,
        resource=written,
        regional=_NO_REGION not in flags and not global_type,
        has_account=_NO_ACCOUNT not in flags,
        global_type=global_type,
    )


def _generic_resource_part(type_name: str, service: str) -> str:
    """`aws_<service>_<kind>` -> `<kind>/{name}`, the most common ARN resource form."""
    table = _table()
    kind = type_name
    for prefix in table["prefix_order"]:
        if type_name.startswith(prefix):
            kind = type_name[len(prefix) :]
            break
    else:
        kind = type_name.removeprefix(f"aws_{service}_")
    kind = kind.strip("_").replace("_", "-") or service
    return f"{kind}/{{name}}"
