"""The types a twin serves, in the shape planning and reads need, built one type at a time.

A twin's `schema.pack` holds its types; its `twin.json` holds the plan-time facts the schema
does not carry (defaults, force-new arguments, provider-filled blocks, deferred reads). This
joins the two for the one type a request names, and keeps the result for the next request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sespolicy.provider.schema import compact_block
from sespolicy.provider.schema_pack import DATA, RESOURCE, SchemaPack

# The files of a twin's directory (written by generate.py, read by server.py).
TWIN_FILE = "twin.json"
PACK_FILE = "schema.pack"
SCHEMA_RESPONSE_FILE = "schema-response.pb"
CERT_FILE = "server-cert.pem"
KEY_FILE = "server-key.pem"
TWIN_VARIANT = "twin"  # the variant name inside a twin's own pack


@dataclass
class ServedTypes:
    pack: SchemaPack
    variant: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    behaviour: str = "generic"
    _resources: dict[str, dict[str, Any]] = field(default_factory=dict)
    _data_sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def is_aws(self) -> bool:
        return self.behaviour == "aws"

    def names(self, kind: str) -> list[str]:
        return list(self.pack.variant(self.variant).types[kind])

    def resource(self, type_name: str) -> dict[str, Any] | None:
        """{block, regional, defaults, force_new, provider_filled_blocks, merge_default_tags}."""
        found = self._resources.get(type_name)
        if found is not None:
            return found
        schema = self.pack.full_type_schema(self.variant, RESOURCE, type_name)
        if schema is None:
            return None
        entry = self.pack.variant(self.variant).types[RESOURCE][type_name]
        facts = self.facts.get("resources", {}).get(type_name, {})
        regional = self.is_aws and entry.regional
        force_new = list(facts.get("force_new", []))
        if regional:
            force_new += [n for n in self.facts.get("regional_force_new", []) if n not in force_new]
        found = {
            "block": compact_block(schema["block"]),
            "regional": regional,
            "defaults": facts.get("defaults", {}),
            "force_new": force_new,
            "provider_filled_blocks": facts.get("provider_filled_blocks", []),
            # hashicorp/aws merges the provider's default_tags into tags_all.
            "merge_default_tags": self.is_aws,
        }
        self._resources[type_name] = found
        return found

    def data_source(self, type_name: str) -> dict[str, Any] | None:
        """{block, regional, deferred}."""
        found = self._data_sources.get(type_name)
        if found is not None:
            return found
        schema = self.pack.full_type_schema(self.variant, DATA, type_name)
        if schema is None:
            return None
        entry = self.pack.variant(self.variant).types[DATA][type_name]
        found = {
            "block": compact_block(schema["block"]),
            "regional": self.is_aws and entry.regional,
            "deferred": type_name in self.facts.get("deferred_reads", ()),
        }
        self._data_sources[type_name] = found
        return found


def shipped_aws_types(mode: str) -> ServedTypes:
    """The hashicorp/aws types of a mode (v6 … v3) straight from the shipped pack."""
    from sespolicy.provider.schema import aws_variant, load_overlay, shipped_pack

    return ServedTypes(shipped_pack(), aws_variant(mode), load_overlay()["hashicorp/aws"], "aws")


def shipped_utility_types(name: str) -> ServedTypes:
    """A shipped utility provider's types (random, null, archive …)."""
    from sespolicy.provider.schema import load_overlay, shipped_pack

    return ServedTypes(shipped_pack(), name, load_overlay().get(f"hashicorp/{name}", {}), name)
