"""Provider schemas stored compactly and read one type at a time.

A schema pack holds one or more *variants* (a provider at one version: hashicorp/aws 6.x, 5.x,
4.x, 3.x, hashicorp/random …). Each variant names its provider block and its resource and data
source types; every type's schema is one zlib-compressed JSON blob, shared between variants
when identical. Reading a pack reads only its index; a type's schema is decompressed when
first asked for, so a provider process serving 1,600 resource types touches the few its plan
uses.

The blob of a type is its `terraform providers schema -json` entry with descriptions,
`description_kind` and false flags removed. One normalisation keeps 6.x and 5.x blobs equal for
most types: the per-resource `region` argument hashicorp/aws 6.x adds to every regional type is
not stored; the type's `regional` flag says to add it back (see `REGION_ATTRIBUTE`).

File layout: the magic line, a 4-byte big-endian index length, the zlib-compressed JSON index,
then the blobs back to back (offsets in the index count from the first blob).
"""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAGIC = b"sespolicy schema pack 1\n"
RESOURCE = "resource"
DATA = "data"
KINDS = (RESOURCE, DATA)
# Type flags, bit values in the index.
FLAG_REGIONAL = 1
# What hashicorp/aws 6.x adds to every regional resource and data source.
REGION_ATTRIBUTE: dict[str, Any] = {"type": "string", "optional": True, "computed": True}

# Flags and sizes an attribute or block may carry; anything else (prose) is dropped.
_ATTRIBUTE_FLAGS = ("required", "optional", "computed", "sensitive", "deprecated", "write_only")


class PackError(Exception):
    """The file is not a schema pack this version can read."""


def strip_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A type's schema without prose and without false flags (so equal types are equal bytes)."""
    stripped: dict[str, Any] = {"block": _strip_block(schema.get("block", {}))}
    if schema.get("version"):
        stripped["version"] = schema["version"]
    return stripped


def _strip_block(block: Mapping[str, Any]) -> dict[str, Any]:
    stripped: dict[str, Any] = {}
    attributes = block.get("attributes") or {}
    if attributes:
        stripped["attributes"] = {
            name: _strip_attribute(attribute) for name, attribute in sorted(attributes.items())
        }
    block_types = block.get("block_types") or {}
    if block_types:
        stripped["block_types"] = {
            name: _strip_nested_block(nested) for name, nested in sorted(block_types.items())
        }
    if block.get("deprecated"):
        stripped["deprecated"] = True
    return stripped


def _strip_nested_block(nested: Mapping[str, Any]) -> dict[str, Any]:
    stripped = {"nesting_mode": nested["nesting_mode"], "block": _strip_block(nested["block"])}
    for size in ("min_items", "max_items"):
        if nested.get(size):
            stripped[size] = nested[size]
    return stripped


def _strip_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    stripped: dict[str, Any] = {}
    if "type" in attribute:
        stripped["type"] = attribute["type"]
    if "nested_type" in attribute:
        nested = attribute["nested_type"]
        stripped["nested_type"] = {
            "nesting_mode": nested["nesting_mode"],
            "attributes": {
                name: _strip_attribute(inner)
                for name, inner in sorted((nested.get("attributes") or {}).items())
            },
            **{size: nested[size] for size in ("min_items", "max_items") if nested.get(size)},
        }
    for flag in _ATTRIBUTE_FLAGS:
        if attribute.get(flag):
            stripped[flag] = True
    return stripped


@dataclass(frozen=True)
class TypeEntry:
    blob: int
    flags: int = 0

    @property
    def regional(self) -> bool:
        return bool(self.flags & FLAG_REGIONAL)


@dataclass
class Variant:
    """One provider at one version, as stored in a pack."""

    name: str
    meta: dict[str, Any]  # source address, version, protocol, where it came from
    provider_blob: int
    types: dict[str, dict[str, TypeEntry]]  # kind -> type name -> entry
    missing: dict[str, list[str]]  # kind -> types of the real provider this pack lacks


class SchemaPack:
    """A pack opened for reading; thread-safe for reads (blobs are immutable)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as handle:
            head = handle.read(len(MAGIC) + 4)
            if head[: len(MAGIC)] != MAGIC:
                raise PackError(f"{path} is not a sespolicy schema pack")
            (index_length,) = struct.unpack(">I", head[len(MAGIC) :])
            index = json.loads(zlib.decompress(handle.read(index_length)))
        self._blob_base = len(MAGIC) + 4 + index_length
        self._offsets: list[list[int]] = index["blobs"]
        self.variants: dict[str, Variant] = {
            name: Variant(
                name=name,
                meta=entry.get("meta", {}),
                provider_blob=entry["provider"],
                types={
                    kind: {
                        type_name: TypeEntry(*packed)
                        for type_name, packed in entry.get(kind, {}).items()
                    }
                    for kind in KINDS
                },
                missing={kind: entry.get("missing", {}).get(kind, []) for kind in KINDS},
            )
            for name, entry in index["variants"].items()
        }
        self._cache: dict[int, Any] = {}
        self._data: bytes | None = None

    def blob_bytes(self, blob: int) -> bytes:
        """The compressed bytes of a blob, as stored (for copying into another pack)."""
        offset, length = self._offsets[blob]
        if self._data is not None:
            start = self._blob_base + offset
            return self._data[start : start + length]
        with open(self.path, "rb") as handle:
            handle.seek(self._blob_base + offset)
            return handle.read(length)

    def load_all(self) -> None:
        """Read the whole file once, for callers about to touch most blobs (generation)."""
        if self._data is None:
            self._data = self.path.read_bytes()

    def blob(self, blob: int) -> Any:
        cached = self._cache.get(blob)
        if cached is None:
            cached = json.loads(zlib.decompress(self.blob_bytes(blob)))
            self._cache[blob] = cached
        return cached

    def variant(self, name: str) -> Variant:
        try:
            return self.variants[name]
        except KeyError:
            raise PackError(f"{self.path} has no schemas for {name}") from None

    def provider_schema(self, variant: str) -> dict[str, Any]:
        return self.blob(self.variant(variant).provider_blob)

    def type_schema(self, variant: str, kind: str, type_name: str) -> dict[str, Any] | None:
        """The stored schema of one type, or None when the variant has no such type. Shared
        with other callers: copy before changing it."""
        entry = self.variant(variant).types[kind].get(type_name)
        return None if entry is None else self.blob(entry.blob)

    def full_type_schema(self, variant: str, kind: str, type_name: str) -> dict[str, Any] | None:
        """The type's schema as the provider reports it (the 6.x `region` argument put back)."""
        entry = self.variant(variant).types[kind].get(type_name)
        if entry is None:
            return None
        schema = self.blob(entry.blob)
        if not entry.regional:
            return schema
        block = dict(schema["block"])
        block["attributes"] = {**block.get("attributes", {}), "region": dict(REGION_ATTRIBUTE)}
        return {**schema, "block": block}


@dataclass
class PackWriter:
    """Collects variants and writes a pack; identical blobs are stored once."""

    _blobs: list[bytes] = field(default_factory=list)
    _blob_ids: dict[bytes, int] = field(default_factory=dict)
    _variants: dict[str, Any] = field(default_factory=dict)

    def _add_blob(self, schema: Any) -> int:
        text = json.dumps(schema, separators=(",", ":"), sort_keys=True).encode()
        found = self._blob_ids.get(text)
        if found is None:
            found = len(self._blobs)
            self._blobs.append(zlib.compress(text, 9))
            self._blob_ids[text] = found
        return found

    def _add_compressed_blob(self, compressed: bytes) -> int:
        # Keyed by the compressed bytes: equal schemas compress equally, so sharing still holds.
        found = self._blob_ids.get(compressed)
        if found is None:
            found = len(self._blobs)
            self._blobs.append(compressed)
            self._blob_ids[compressed] = found
        return found

    def copy_variant(self, pack: SchemaPack, variant: str, as_name: str) -> None:
        """Copy a variant of another pack, blobs as stored (no decompressing)."""
        source = pack.variant(variant)
        blob_ids: dict[int, int] = {}

        def copied(blob: int) -> int:
            if blob not in blob_ids:
                blob_ids[blob] = self._add_compressed_blob(pack.blob_bytes(blob))
            return blob_ids[blob]

        self._variants[as_name] = {
            "meta": dict(source.meta),
            "provider": copied(source.provider_blob),
            **{
                kind: {
                    name: [copied(entry.blob), entry.flags]
                    for name, entry in sorted(source.types[kind].items())
                }
                for kind in KINDS
            },
            "missing": {kind: list(source.missing[kind]) for kind in KINDS},
        }

    def add_variant(
        self,
        name: str,
        meta: Mapping[str, Any],
        provider: Mapping[str, Any],
        types: Mapping[str, Mapping[str, tuple[Mapping[str, Any], int]]],
        missing: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """`types`: kind -> type name -> (stripped schema, flags)."""
        self._variants[name] = {
            "meta": dict(meta),
            "provider": self._add_blob(provider),
            **{
                kind: {
                    type_name: [self._add_blob(schema), flags]
                    for type_name, (schema, flags) in sorted(types.get(kind, {}).items())
                }
                for kind in KINDS
            },
            "missing": {kind: sorted((missing or {}).get(kind, [])) for kind in KINDS},
        }

    def write(self, path: Path) -> None:
        offsets, position = [], 0
        for blob in self._blobs:
            offsets.append([position, len(blob)])
            position += len(blob)
        index = zlib.compress(
            json.dumps(
                {"variants": self._variants, "blobs": offsets}, separators=(",", ":")
            ).encode(),
            9,
        )
        with open(path, "wb") as handle:
            handle.write(MAGIC + struct.pack(">I", len(index)) + index)
            for blob in self._blobs:
                handle.write(blob)


def split_region(schema: Mapping[str, Any], is_region: Any) -> tuple[dict[str, Any], int]:
    """(stored schema, flags): the 6.x per-resource `region` argument taken out when
    `is_region(attribute)` recognises it."""
    stripped = strip_schema(schema)
    attributes = schema.get("block", {}).get("attributes", {})
    region = attributes.get("region")
    if region is not None and is_region(region):
        del stripped["block"]["attributes"]["region"]
        return stripped, FLAG_REGIONAL
    return stripped, 0
