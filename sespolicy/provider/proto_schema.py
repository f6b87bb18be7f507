"""Turn a schema pack variant into the serialised GetProviderSchema response.

Done once at generate time; the server sends the stored bytes unchanged. The pack holds no
prose, so every description is empty and plain.
"""

from __future__ import annotations

import json
from typing import Any

from tfplugin_proto import tfplugin6_5_pb2 as tfplugin

from sespolicy.provider.schema_pack import DATA, RESOURCE, SchemaPack

# The 6.5 messages predate write-only attributes (protocol 6.8, Terraform 1.11). Protobuf
# keeps fields it does not know, so the flag travels as raw field 11 (varint true) of
# Schema.Attribute; Terraform reads it as `write_only`.
_WRITE_ONLY_FIELD = bytes([(11 << 3) | 0, 1])

_DESCRIPTION_KINDS = {"plain": tfplugin.StringKind.PLAIN, "markdown": tfplugin.StringKind.MARKDOWN}
_NESTING_MODES = {
    "single": tfplugin.Schema.NestedBlock.SINGLE,
    "list": tfplugin.Schema.NestedBlock.LIST,
    "set": tfplugin.Schema.NestedBlock.SET,
    "map": tfplugin.Schema.NestedBlock.MAP,
    "group": tfplugin.Schema.NestedBlock.GROUP,
}


def _kind(item: dict[str, Any]) -> int:
    return _DESCRIPTION_KINDS.get(item.get("description_kind", "plain"), tfplugin.StringKind.PLAIN)


_OBJECT_NESTING = {
    "single": tfplugin.Schema.Object.SINGLE,
    "list": tfplugin.Schema.Object.LIST,
    "set": tfplugin.Schema.Object.SET,
    "map": tfplugin.Schema.Object.MAP,
}


def _nested_type(nested: dict[str, Any]) -> tfplugin.Schema.Object:
    """A framework-style attribute whose value is objects with their own attribute schemas."""
    return tfplugin.Schema.Object(
        attributes=[_attribute(n, a) for n, a in sorted(nested.get("attributes", {}).items())],
        nesting=_OBJECT_NESTING[nested["nesting_mode"]],
        min_items=nested.get("min_items", 0),
        max_items=nested.get("max_items", 0),
    )


def _attribute(name: str, attr: dict[str, Any]) -> tfplugin.Schema.Attribute:
    message = tfplugin.Schema.Attribute(
        name=name,
        type=json.dumps(attr["type"], separators=(",", ":")).encode() if "type" in attr else b"",
        nested_type=_nested_type(attr["nested_type"]) if "nested_type" in attr else None,
        description=attr.get("description", ""),
        required=attr.get("required", False),
        optional=attr.get("optional", False),
        computed=attr.get("computed", False),
        sensitive=attr.get("sensitive", False),
        description_kind=_kind(attr),
        deprecated=attr.get("deprecated", False),
    )
    if attr.get("write_only", False):
        message = tfplugin.Schema.Attribute.FromString(
            message.SerializeToString() + _WRITE_ONLY_FIELD
        )
    return message


def _block(block: dict[str, Any]) -> tfplugin.Schema.Block:
    return tfplugin.Schema.Block(
        attributes=[_attribute(n, a) for n, a in sorted(block.get("attributes", {}).items())],
        block_types=[
            tfplugin.Schema.NestedBlock(
                type_name=name,
                block=_block(nested["block"]),
                nesting=_NESTING_MODES[nested["nesting_mode"]],
                min_items=nested.get("min_items", 0),
                max_items=nested.get("max_items", 0),
            )
            for name, nested in sorted(block.get("block_types", {}).items())
        ],
        description=block.get("description", ""),
        description_kind=_kind(block),
        deprecated=block.get("deprecated", False),
    )


def _schema(schema: dict[str, Any]) -> tfplugin.Schema:
    return tfplugin.Schema(version=schema.get("version", 0), block=_block(schema["block"]))


def provider_schema_response(pack: SchemaPack, variant: str) -> bytes:
    pack.load_all()
    stored = pack.variant(variant)
    response = tfplugin.GetProviderSchema.Response(
        provider=_schema(pack.provider_schema(variant)),
        server_capabilities=tfplugin.ServerCapabilities(get_provider_schema_optional=True),
    )
    for kind, target in (
        (RESOURCE, response.resource_schemas),
        (DATA, response.data_source_schemas),
    ):
        for name in stored.types[kind]:
            target[name].CopyFrom(_schema(pack.full_type_schema(variant, kind, name)))
    return response.SerializeToString()
