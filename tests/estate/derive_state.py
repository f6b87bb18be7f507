"""Derive the state an apply would leave from a plan written by real Terraform.

The plan-only provider refuses apply, so the upstream workspaces of an estate scenario are
planned, and their state is derived: every planned value as Terraform wrote it, and every value
known only after apply filled deterministically — ARNs in the object's Region and the
workspace's account (their shape from the one AWS type table), ids and names from the object's
own name, DKIM tokens and verification tokens from a hash of its address. The result is a raw
`terraform.tfstate` (format 4), as `terraform state pull` writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from sespolicy.provider.schema import shipped_pack
from sespolicy.provider.schema_pack import DATA, RESOURCE
from sespolicy.world.aws_types import arn_shape

PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
_KINDS = {"managed": RESOURCE, "data": DATA}


def _attribute_types(mode: str, type_name: str) -> dict[str, object]:
    """Attribute name -> its cty type, from the shipped hashicorp/aws 6.x schema."""
    schema = shipped_pack().full_type_schema("aws-v6", _KINDS[mode], type_name) or {}
    attributes = (schema.get("block") or {}).get("attributes") or {}
    return {name: spec.get("type") for name, spec in attributes.items()}


def _empty(cty: object) -> object:
    """A value of the type that says nothing (an apply would have filled it from the cloud)."""
    if cty == "bool":
        return False
    if cty == "number":
        return 0
    if isinstance(cty, list) and cty and cty[0] in ("list", "set"):
        return []
    if isinstance(cty, list) and cty and cty[0] in ("map", "object"):
        return {}
    return None


def _token(seed: str, length: int = 32) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()[:length]


def _modules(module: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield module
    for child in module.get("child_modules") or []:
        yield from _modules(child)


def _provider_regions(plan: dict[str, Any]) -> dict[str, str]:
    regions = {}
    for key, entry in ((plan.get("configuration") or {}).get("provider_config") or {}).items():
        region = ((entry.get("expressions") or {}).get("region") or {}).get("constant_value")
        if isinstance(region, str):
            regions[key] = region
    return regions


def _config_keys(plan: dict[str, Any]) -> dict[str, str]:
    """Configuration address (no instance keys, module path kept) -> provider_config_key."""
    keys: dict[str, str] = {}

    def walk(module: dict[str, Any], prefix: str) -> None:
        for resource in module.get("resources") or []:
            keys[f"{prefix}{resource['address']}"] = resource.get("provider_config_key", "aws")
        for name, call in (module.get("module_calls") or {}).items():
            walk(call.get("module") or {}, f"{prefix}module.{name}.")

    walk((plan.get("configuration") or {}).get("root_module") or {}, "")
    return keys


def _name_of(values: dict[str, Any], address: str) -> str:
    for key in ("name", "bucket", "domain", "rule_set_name", "email_identity", "function_name"):
        value = values.get(key)
        if isinstance(value, str) and value:
            return value
    return _token(address, 12)


def _filled(type_name: str, name: str, value: Any, unknown: Any, context: dict[str, str]) -> Any:
    """The value with every part marked unknown filled deterministically."""
    if unknown is True:
        return _made_up(type_name, name, value, context)
    if isinstance(unknown, dict) and isinstance(value, dict | type(None)):
        value = dict(value or {})
        for key, marks in unknown.items():
            value[key] = _filled(type_name, key, value.get(key), marks, context)
        return value
    if isinstance(unknown, list) and isinstance(value, list):
        return [
            _filled(type_name, name, item, marks, context)
            for item, marks in zip(
                value, unknown + [False] * (len(value) - len(unknown)), strict=False
            )
        ]
    return value


def _made_up(type_name: str, attribute: str, value: Any, context: dict[str, str]) -> Any:
    seed = f"{context['address']}.{attribute}"
    cty = context.get("types", {}).get(attribute, "string")  # type: ignore[union-attr]
    if attribute not in ("dkim_tokens",) and cty != "string":
        return _empty(cty)
    if attribute == "arn":
        shape = arn_shape(type_name)
        return shape.format(
            "aws",
            context["region"],
            context["account"],
            {"name": context["name"], "id": _token(seed, 17), "path": context["name"]},
        )
    if attribute == "dkim_tokens":
        return [_token(f"{seed}[{i}]") for i in range(3)]
    if attribute in ("id", "zone_id") and type_name == "aws_route53_zone":
        return "Z" + _token(seed, 20).upper()
    if attribute == "id":
        return context["name"]
    if attribute == "account_id":
        return context["account"]
    if isinstance(value, list):
        return value
    return _token(seed, 20)


def state_from_plan(plan: dict[str, Any], account: str) -> dict[str, Any]:
    """The raw terraform.tfstate (version 4) an apply of `plan` in `account` would leave."""
    regions = _provider_regions(plan)
    config_keys = _config_keys(plan)
    changes = {c["address"]: c for c in plan.get("resource_changes") or []}
    grouped: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    root = (plan.get("planned_values") or {}).get("root_module") or {}
    # Data sources read at plan time are in the prior state: a state keeps them too.
    prior = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
    planned = {r["address"] for module in _modules(root) for r in module.get("resources") or []}
    read_at_plan = [
        {
            "address": module.get("address", ""),
            "resources": [
                r
                for r in module.get("resources") or []
                if r.get("mode") == "data" and r["address"] not in planned
            ],
        }
        for module in _modules(prior)
    ]
    for module in [*_modules(root), *read_at_plan]:
        module_address = module.get("address", "")
        for resource in module.get("resources") or []:
            address = resource["address"]
            change = (changes.get(address) or {}).get("change") or {}
            unknown = change.get("after_unknown") or {}
            values = dict(resource.get("values") or {})
            local = address[len(module_address) + 1 :] if module_address else address
            config_address = (
                f"{_strip_keys(module_address)}.{_strip_keys(local)}"
                if module_address
                else _strip_keys(local)
            )
            provider_key = config_keys.get(config_address, "aws")
            region = values.get("region") or regions.get(provider_key) or regions.get("aws", "")
            context = {
                "address": address,
                "region": region,
                "account": account,
                "name": _name_of(values, address),
                "types": _attribute_types(resource["mode"], resource["type"]),
            }
            values = _filled(resource["type"], "", values, unknown, context)
            if resource["type"] == "aws_caller_identity":
                values.update(account_id=account, id=account)
            key = (module_address, resource["mode"], resource["type"], resource["name"])
            entry = grouped.setdefault(
                key,
                {
                    **({"module": module_address} if module_address else {}),
                    "mode": resource["mode"],
                    "type": resource["type"],
                    "name": resource["name"],
                    "provider": PROVIDER
                    + (f".{provider_key.split('.', 1)[1]}" if "." in provider_key else ""),
                    "instances": [],
                },
            )
            instance: dict[str, Any] = {
                "schema_version": resource.get("schema_version", 0),
                "attributes": values,
                "sensitive_attributes": [],
            }
            if "index" in resource:
                instance["index_key"] = resource["index"]
            entry["instances"].append(instance)
    return {
        "version": 4,
        "terraform_version": plan.get("terraform_version", "1.11.4"),
        "serial": 1,
        "lineage": "00000000-0000-4000-8000-" + _token(account, 12),
        "outputs": {},
        "resources": list(grouped.values()),
        "check_results": None,
    }


def _strip_keys(address: str) -> str:
    from sespolicy.world.addresses import strip_instance_keys

    return strip_instance_keys(address)


def attribute_of(state: dict[str, Any], address: str, attribute: str) -> Any:
    """One attribute of one instance of a derived state (for templating downstream inputs)."""
    for resource in state["resources"]:
        module = resource.get("module")
        prefix = "data." if resource["mode"] == "data" else ""
        local = f"{prefix}{resource['type']}.{resource['name']}"
        for instance in resource["instances"]:
            key = instance.get("index_key")
            suffix = "" if key is None else (f"[{key}]" if isinstance(key, int) else f'["{key}"]')
            full = f"{module}.{local}{suffix}" if module else f"{local}{suffix}"
            if full == address:
                return instance["attributes"].get(attribute)
    raise KeyError(f"{address} is not in the derived state")
