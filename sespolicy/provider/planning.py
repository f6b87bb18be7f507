"""PlanResourceChange for a plan-only twin: what the real provider would plan, minus the cloud.

Mirrors what an SDKv2-style provider plans: attributes from the configuration as written,
provider-side defaults for unset optional attributes, unknown for computed attributes it would
only learn after creating the object, and replacement when a force-new attribute changes on an
existing object. For hashicorp/aws also the v6 `region` from the provider configuration and
`tags_all` merged from `default_tags`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from sespolicy.provider.wire_values import UNKNOWN, is_wholly_known


@dataclass
class ProviderSettings:
    """What ConfigureProvider told us that planning and reads depend on."""

    region: Any = None  # a string, UNKNOWN, or None when no Region is configured anywhere
    default_tags: Any = field(default_factory=dict)  # a dict of strings, or UNKNOWN


@dataclass(frozen=True)
class Plan:
    planned_state: Any
    requires_replace: list[str]


def plan_resource(
    resource: dict[str, Any],
    settings: ProviderSettings,
    prior: Any,
    proposed: Any,
    config: Any,
) -> Plan:
    if proposed is None:
        return Plan(planned_state=None, requires_replace=[])
    if prior is None:
        return Plan(_plan_create(resource, settings, config), [])
    planned = _plan_update(resource, settings, proposed, config)
    replaced = [
        name
        for name in resource["force_new"]
        if name in planned and _differs(planned.get(name), prior.get(name))
    ]
    if replaced:
        # A replacement is a new object: everything AWS assigns is unknown again.
        planned = _plan_create(resource, settings, config)
    return Plan(planned, replaced)


def _differs(planned: Any, prior: Any) -> bool:
    if planned is UNKNOWN:
        return True
    return planned != prior


def _plan_create(resource: dict[str, Any], settings: ProviderSettings, config: Any) -> Any:
    planned = _fill_block(
        resource["block"],
        copy.deepcopy(config),
        defaults=resource["defaults"],
        provider_filled=set(resource["provider_filled_blocks"]),
        prefix="",
    )
    _plan_provider_derived(resource, settings, planned, config)
    if resource.get("merge_default_tags") and planned.get("tags_all") == {}:
        # With no tags at all the real provider leaves tags_all to be read back after apply.
        planned["tags_all"] = UNKNOWN
    return planned


def _plan_update(
    resource: dict[str, Any], settings: ProviderSettings, proposed: Any, config: Any
) -> Any:
    # Terraform's proposed new state already carries the prior values of computed
    # attributes the configuration leaves unset; only provider-side defaults remain.
    planned = copy.deepcopy(proposed)
    _apply_defaults(resource["block"], planned, resource["defaults"], prefix="")
    _plan_provider_derived(resource, settings, planned, config)
    return planned


def _fill_block(
    block: dict[str, Any],
    value: dict[str, Any],
    defaults: dict[str, Any],
    provider_filled: set[str],
    prefix: str,
) -> dict[str, Any]:
    for name, attribute in block["attributes"].items():
        if attribute.get("write_only"):
            value[name] = None
        elif value.get(name) is None:
            path = prefix + name
            if path in defaults:
                value[name] = copy.deepcopy(defaults[path])
            elif attribute.get("computed"):
                value[name] = UNKNOWN
    for name, nested in block["block_types"].items():
        path = prefix + name
        item = value.get(name)
        if path in provider_filled and item in (None, [], {}):
            value[name] = UNKNOWN
            continue
        inner = nested["block"]
        child_prefix = path + "."
        if isinstance(item, list):
            value[name] = [
                _fill_block(inner, e, defaults, provider_filled, child_prefix)
                if isinstance(e, dict)
                else e
                for e in item
            ]
        elif isinstance(item, dict) and nested["nesting_mode"] == "map":
            value[name] = {
                k: _fill_block(inner, e, defaults, provider_filled, child_prefix)
                if isinstance(e, dict)
                else e
                for k, e in item.items()
            }
        elif isinstance(item, dict):
            value[name] = _fill_block(inner, item, defaults, provider_filled, child_prefix)
    return value


def _apply_defaults(
    block: dict[str, Any], value: dict[str, Any], defaults: dict[str, Any], prefix: str
) -> None:
    for name, attribute in block["attributes"].items():
        if attribute.get("write_only"):
            value[name] = None
        elif value.get(name) is None and prefix + name in defaults:
            value[name] = copy.deepcopy(defaults[prefix + name])
    for name, nested in block["block_types"].items():
        item = value.get(name)
        elements: list[Any] = []
        if isinstance(item, list):
            elements = item
        elif isinstance(item, dict):
            elements = list(item.values()) if nested["nesting_mode"] == "map" else [item]
        for element in elements:
            if isinstance(element, dict):
                _apply_defaults(nested["block"], element, defaults, prefix + name + ".")


def _plan_provider_derived(
    resource: dict[str, Any], settings: ProviderSettings, planned: dict[str, Any], config: Any
) -> None:
    attributes = resource["block"]["attributes"]
    if resource["regional"] and config.get("region") is None:
        planned["region"] = settings.region if settings.region is not None else UNKNOWN
    if resource.get("merge_default_tags") and "tags_all" in attributes and "tags" in attributes:
        planned["tags_all"] = merged_tags(settings.default_tags, planned.get("tags"))


def merged_tags(default_tags: Any, tags: Any) -> Any:
    """tags_all: the provider's default_tags overridden by the resource's own tags."""
    if default_tags is UNKNOWN or tags is UNKNOWN:
        return UNKNOWN
    merged = dict(default_tags or {})
    merged.update(tags or {})
    if not is_wholly_known(merged):
        return UNKNOWN
    return merged
