"""Schemas of the provider binaries an online `terraform init` installed in `.terraform/providers`.

Each provider is asked for its schema directly (see `plugin_client`): no Terraform run, no
configuration, no credentials, and it works before the configuration is copied, so every
missing provider can be named in the same message. `terraform providers schema -json` in a
private copy would give the same JSON, but needs a full `init` against the installed binaries
first and only answers once the whole configuration is valid.

Schemas are kept in the user cache keyed by the binary's identity (path, size, mtime), since
starting a large provider takes seconds.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sespolicy.cache_dir import user_cache_dir
from sespolicy.provider.configscan import LOCK_FILE, locked_versions
from sespolicy.provider.constraints import parse_version
from sespolicy.provider.generate import platform_dir_name

PROVIDERS_DIR = Path(".terraform") / "providers"
_CACHE_FORMAT = "1"
_NESTING = {1: "single", 2: "list", 3: "set", 4: "map", 5: "group"}
_OBJECT_NESTING = {1: "single", 2: "list", 3: "set", 4: "map"}
_WRITE_ONLY_FIELD = 11  # Schema.Attribute.write_only (protocol 5.8/6.8), newer than our messages


class InstalledSchema(NamedTuple):
    version: str
    protocol: int
    schema: dict[str, Any]  # {provider, resource_schemas, data_source_schemas}, as -json writes


@dataclass(frozen=True)
class InstalledBinary:
    source: str  # host/namespace/type
    version: str
    executable: Path


def find_installed_providers(
    config_dir: Path, locked: Mapping[str, str] | None = None
) -> dict[str, InstalledBinary]:
    """Each provider in DIR/.terraform/providers for this platform: the locked version if the
    lock file names one that is installed, else the newest installed. `locked` is what DIR's
    lock file pins, when the caller has read it already."""
    config_dir = config_dir.resolve()
    providers_dir = config_dir / PROVIDERS_DIR
    if locked is None:
        locked = locked_versions(config_dir / LOCK_FILE)
    found: dict[str, list[InstalledBinary]] = {}
    platform = platform_dir_name()
    for platform_dir in sorted(providers_dir.glob(f"*/*/*/*/{platform}")):
        version_dir = platform_dir.parent
        type_dir = version_dir.parent
        source = "/".join(p.name for p in (type_dir.parent.parent, type_dir.parent, type_dir))
        executable = _provider_executable(platform_dir, type_dir.name)
        if executable is not None and parse_version(version_dir.name) is not None:
            found.setdefault(source.lower(), []).append(
                InstalledBinary(source.lower(), version_dir.name, executable)
            )
    chosen = {}
    for source, binaries in found.items():
        by_version = {binary.version: binary for binary in binaries}
        newest = max(binaries, key=lambda b: parse_version(b.version) or (0, 0, 0))
        chosen[source] = by_version.get(locked.get(source, ""), newest)
    return chosen


def _provider_executable(platform_dir: Path, type_name: str) -> Path | None:
    prefix = f"terraform-provider-{type_name}"
    with contextlib.suppress(OSError):
        for candidate in sorted(platform_dir.iterdir()):
            if (
                candidate.name.startswith(prefix)
                and candidate.is_file()
                and os.access(candidate, os.X_OK)
            ):
                return candidate
    return None


def read_installed_provider_schemas(
    config_dir: Path,
    only: Collection[str] | None = None,
    locked: Mapping[str, str] | None = None,
) -> dict[str, InstalledSchema]:
    """{source: (version, protocol, schema)} for the providers installed in DIR/.terraform;
    `only` limits it to those sources (full `host/namespace/type` addresses), `locked` is as
    for `find_installed_providers`."""
    schemas = {}
    for source, binary in find_installed_providers(config_dir, locked).items():
        if only is None or source in only:
            schemas[source] = read_schema(binary)
    return schemas


def read_schema(binary: InstalledBinary) -> InstalledSchema:
    cached = _cache_file(binary)
    if cached is not None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError, EOFError):
            document = json.loads(gzip.decompress(cached.read_bytes()))
            return InstalledSchema(document["version"], document["protocol"], document["schema"])
    from sespolicy.provider.plugin_client import PluginError, fetch_provider_schema

    protocol, response = fetch_provider_schema(binary.executable)
    errors = [d for d in response.diagnostics if d.severity == 1]
    if errors:
        raise PluginError(
            f"{binary.source} {binary.version} refused to give its schema: {errors[0].summary}"
        )
    installed = InstalledSchema(binary.version, protocol, schema_from_response(response))
    if cached is not None:
        _store(cached, installed)
    return installed


def _cache_file(binary: InstalledBinary) -> Path | None:
    try:
        info = binary.executable.stat()
        real = binary.executable.resolve()
    except OSError:
        return None
    parts = [binary.source, binary.version, str(real), str(info.st_size), str(info.st_mtime_ns)]
    identity = "\0".join([_CACHE_FORMAT, *parts])
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return user_cache_dir() / "installed-schemas" / f"{digest}.json.gz"


def _store(path: Path, installed: InstalledSchema) -> None:
    """A cache that cannot be written is simply not used."""
    from sespolicy.output_files import replace_file

    data = gzip.compress(json.dumps(installed._asdict(), separators=(",", ":")).encode(), 6)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, data)


def schema_from_response(response: Any) -> dict[str, Any]:
    """A GetProviderSchema response (protocol 5 or 6) in `terraform providers schema -json` form."""
    return {
        "provider": _schema(response.provider),
        "resource_schemas": {n: _schema(s) for n, s in sorted(response.resource_schemas.items())},
        "data_source_schemas": {
            n: _schema(s) for n, s in sorted(response.data_source_schemas.items())
        },
    }


def _schema(schema: Any) -> dict[str, Any]:
    return {"version": schema.version, "block": _block(schema.block)}


def _described(message: Any, out: dict[str, Any]) -> dict[str, Any]:
    if message.description:
        out["description"] = message.description
    out["description_kind"] = "markdown" if message.description_kind == 1 else "plain"
    if message.deprecated:
        out["deprecated"] = True
    return out


def _block(block: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if block.attributes:
        out["attributes"] = {a.name: _attribute(a) for a in block.attributes}
    if block.block_types:
        out["block_types"] = {
            nested.type_name: _nested_block(nested) for nested in block.block_types
        }
    return _described(block, out)


def _nested_block(nested: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "nesting_mode": _NESTING.get(nested.nesting, "single"),
        "block": _block(nested.block),
    }
    if nested.min_items:
        out["min_items"] = nested.min_items
    if nested.max_items:
        out["max_items"] = nested.max_items
    return out


def _attribute(attribute: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if attribute.type:
        out["type"] = json.loads(attribute.type)
    if "nested_type" in type(attribute).DESCRIPTOR.fields_by_name and attribute.HasField(
        "nested_type"
    ):
        nested = attribute.nested_type
        out["nested_type"] = {
            "attributes": {a.name: _attribute(a) for a in nested.attributes},
            "nesting_mode": _OBJECT_NESTING.get(nested.nesting, "single"),
        }
    for flag in ("required", "optional", "computed", "sensitive"):
        if getattr(attribute, flag):
            out[flag] = True
    if _is_write_only(attribute):
        out["write_only"] = True
    return _described(attribute, out)


def _is_write_only(attribute: Any) -> bool:
    from google.protobuf import unknown_fields

    return any(
        field.field_number == _WRITE_ONLY_FIELD and field.data
        for field in unknown_fields.UnknownFieldSet(attribute)
    )
