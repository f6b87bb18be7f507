"""Concrete remediation text: which provider alias or `region` puts a resource where it belongs."""

from __future__ import annotations

from sespolicy.world.graph import ResourceGraph


def providers_in_region(graph: ResourceGraph, region: str) -> list[str]:
    """Provider configuration keys of the plan whose Region resolves to `region`."""
    by_region = graph.cache.get("providers_by_region")
    if not isinstance(by_region, dict):
        by_region = {}
        for resource in graph.resources():
            answer = graph.region(resource.address)
            key = resource.provider_config_key
            if key and answer.region and answer.kind.value == "provider":
                by_region.setdefault(answer.region, set()).add(key)
        graph.cache["providers_by_region"] = by_region
    return sorted(by_region.get(region, ()))


def place_in_region(graph: ResourceGraph, address: str, region: str) -> str:
    """How to put `address` in `region`, naming a provider configuration that already is."""
    keys = providers_in_region(graph, region)
    alias = next((k for k in keys if "." in k.split(":")[-1]), keys[0] if keys else None)
    provider_hint = (
        f"provider = {alias.split(':')[-1]}"
        if alias
        else f'a provider alias with region = "{region}"'
    )
    return (
        f"Create {address} in {region}: bind it to {provider_hint}, or with AWS provider v6 set "
        f'region = "{region}" on it.'
    )
