"""Write plan-only provider twins into an offline plugin directory.

The API (for `sespolicy plan`, `sespolicy provider generate` and anyone serving twins of
providers read from installed binaries):

    twin = write_twin(plugin_dir, TwinSpec(
        source="registry.terraform.io/cloudflare/cloudflare",
        version="4.52.0",
        schema=entry,   # that provider's entry of `terraform providers schema -json`
        protocol=6,     # the real provider's plugin protocol (5 or 6)
    ))

A plugin directory may hold any number of twins; `terraform init -plugin-dir=<plugin_dir>`
installs them all. Each twin lives in
`<plugin_dir>/<host>/<namespace>/<name>/<version>/<os>_<arch>/`: the executable
`terraform-provider-<name>_v<version>_x5` (a launcher for this Python), `twin.json` (what it
serves and how it plans), `schema.pack` (its types, read one at a time), `schema-response.pb`
(the GetProviderSchema answer, serialised once here) and a TLS certificate.

The shipped providers (hashicorp/aws in modes v6/v5/v4/v3 and the utility providers) are twins
too: `aws_twin_spec(mode, version)`, `utility_twin_spec(name)`, or all of them with
`generate(plugin_dir, mode)`.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError, UsageError
from sespolicy.provider.schema import (
    DEFAULT_VERSIONS,
    UTILITY_PROVIDERS,
    aws_variant,
    is_v6_region_attribute,
    load_overlay,
    mode_for_major,
    provider_entry,
    read_schema_document,
    shipped_pack,
)
from sespolicy.provider.schema_pack import (
    DATA,
    RESOURCE,
    PackWriter,
    SchemaPack,
    split_region,
    strip_schema,
)
from sespolicy.provider.served_types import (
    CERT_FILE,
    KEY_FILE,
    PACK_FILE,
    SCHEMA_RESPONSE_FILE,
    TWIN_FILE,
    TWIN_VARIANT,
)
from sespolicy.provider.sources import AWS_PROVIDER, provider_address

# Modules the server imports; their locations go into the launcher's sys.path so it can start
# Python without the site machinery (-S), which saves a noticeable share of every launch.
_SERVER_IMPORT_ROOTS = ("grpc", "google.protobuf", "tfplugin_proto", "msgpack", "sespolicy")


_SOURCE_ADDRESS = re.compile(r"^(?:([a-z0-9.-]+)/)?([a-z0-9_-]+)/([a-z0-9_-]+)$", re.IGNORECASE)
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
# Planning behaviours the server knows; any other provider plans generically.
BEHAVIOURS = ("aws", *UTILITY_PROVIDERS, "generic")


@dataclass(frozen=True)
class TwinSpec:
    """What a twin serves: a provider's address, the version it presents, and its schema.

    `schema` is the provider's entry of `terraform providers schema -json` (keys `provider`,
    `resource_schemas`, `data_source_schemas`). Shipped twins leave it empty and name a
    variant of the shipped schema pack instead (`shipped_variant`). `facts` are plan-time
    facts the schema does not carry (see overlay.json); `behaviour` picks the planning rules.
    """

    source: str
    version: str
    schema: Mapping[str, Any] | None = None
    protocol: int = 6
    facts: Mapping[str, Any] = field(default_factory=dict)
    behaviour: str = "generic"
    mode: str | None = None  # hashicorp/aws only: v6, v5, v4 or v3
    shipped_variant: str | None = None


@dataclass(frozen=True)
class Twin:
    """A twin written into a plugin directory."""

    source: str  # normalised: registry.terraform.io/namespace/name
    version: str
    executable: Path
    plugin_dir: Path  # what to pass to `terraform init -plugin-dir`

    @property
    def served_dir(self) -> Path:
        return self.executable.parent

    @property
    def type_name(self) -> str:
        return self.source.rsplit("/", 1)[1]


@dataclass(frozen=True)
class GeneratedProvider:
    """A plugin directory holding the hashicorp/aws twin (and, from `sespolicy plan`'s cache,
    the utility twins beside it)."""

    plugin_dir: Path  # what to pass to `terraform init -plugin-dir`
    executable: Path  # the hashicorp/aws twin
    version: str
    mode: str
    twins: tuple[Twin, ...] = ()


def platform_dir_name() -> str:
    system = platform.system().lower()
    machine = platform.machine().lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(
        machine, machine
    )
    return f"{system}_{arch}"


def twin_executable(plugin_dir: Path, source: str, version: str) -> Path:
    """Where `write_twin` puts the twin of `source` (full address) at `version` in a plugin
    directory: the layout `terraform init -plugin-dir` reads."""
    name = source.rsplit("/", 1)[1]
    target = plugin_dir.joinpath(*source.split("/"), version, platform_dir_name())
    return target / f"terraform-provider-{name}_v{version}_x5"


def check_version(version: str) -> None:
    if not _VERSION.match(version):
        raise UsageError(f"provider version {version!r} is not X.Y.Z with numbers (e.g. 6.47.0)")


def normalise_source(source: str) -> str:
    """`hashicorp/aws` or `registry.terraform.io/hashicorp/aws` -> the full, lower-case form."""
    match = _SOURCE_ADDRESS.match(source.strip())
    if match is None:
        raise UsageError(
            f"provider source {source!r} is not [host/]namespace/name "
            "(e.g. registry.terraform.io/cloudflare/cloudflare)"
        )
    return provider_address(source)


def aws_twin_spec(
    mode: str = "v6", version: str | None = None, schema_file: Path | None = None
) -> TwinSpec:
    """The shipped hashicorp/aws twin for a mode (v6, v5, v4 or v3); with `schema_file` (a
    `terraform providers schema -json` document), serving that schema instead."""
    variant = aws_variant(mode)
    version = version or DEFAULT_VERSIONS[mode]
    check_version(version)
    if mode_for_major(int(version.split(".")[0])) != mode:
        raise UsageError(
            f"provider version {version} does not fit mode {mode}: the mode serves "
            f"hashicorp/aws {mode[1:]}.x (use --mode v{version.split('.')[0]} for {version})"
        )
    schema = None
    if schema_file is not None:
        schema = provider_entry(read_schema_document(schema_file), AWS_PROVIDER, str(schema_file))
    return TwinSpec(
        source=AWS_PROVIDER,
        version=version,
        schema=schema,
        protocol=5,
        facts=load_overlay().get("hashicorp/aws", {}),
        behaviour="aws",
        mode=mode,
        shipped_variant=variant if schema is None else None,
    )


def utility_twin_spec(name: str, version: str | None = None) -> TwinSpec:
    """A shipped utility provider twin (random, null, archive, time, tls, local, external,
    http, cloudinit), presenting its schema's version unless told otherwise."""
    if name not in UTILITY_PROVIDERS:
        raise UsageError(
            f"no shipped twin of hashicorp/{name}; shipped: {', '.join(UTILITY_PROVIDERS)}"
        )
    meta = shipped_pack().variant(name).meta
    version = version or meta["schema_version"]
    check_version(version)
    return TwinSpec(
        source=UTILITY_PROVIDERS[name],
        version=version,
        protocol=int(meta.get("protocol", 5)),
        facts=load_overlay().get(f"hashicorp/{name}", {}),
        behaviour=name,
        shipped_variant=name,
    )


def generate(
    out: Path,
    mode: str = "v6",
    version: str | None = None,
    schema_file: Path | None = None,
    utilities: bool = True,
    utility_versions: Mapping[str, str] | None = None,
) -> GeneratedProvider:
    """The hashicorp/aws twin (from the shipped schema, or from a `terraform providers schema
    -json` file) and, unless told otherwise, every utility twin beside it (at the given
    versions, else their schema's), so configurations using random, archive … install offline
    too. This is what `sespolicy provider generate` and `sespolicy plan` write."""
    twins = [write_twin(out, aws_twin_spec(mode, version, schema_file))]
    if utilities:
        versions = utility_versions or {}
        twins += [
            write_twin(out, utility_twin_spec(name, versions.get(name)))
            for name in UTILITY_PROVIDERS
        ]
    return GeneratedProvider(
        plugin_dir=out,
        executable=twins[0].executable,
        version=twins[0].version,
        mode=mode,
        twins=tuple(twins),
    )


def write_twin(plugin_dir: Path, spec: TwinSpec) -> Twin:
    """Write one twin into `plugin_dir` (created if needed) and return where it is."""
    source = normalise_source(spec.source)
    check_version(spec.version)
    if spec.protocol not in (5, 6):
        raise UsageError(f"plugin protocol {spec.protocol} is not 5 or 6")
    if spec.behaviour not in BEHAVIOURS:
        raise UsageError(f"unknown twin behaviour {spec.behaviour!r}; use one of {BEHAVIOURS}")
    if (spec.schema is None) == (spec.shipped_variant is None):
        raise UsageError("a TwinSpec needs exactly one of `schema` and `shipped_variant`")
    pack_writer = PackWriter()
    if spec.schema is not None:
        _add_schema_variant(pack_writer, source, spec)
    else:
        pack_writer.copy_variant(shipped_pack(), spec.shipped_variant, TWIN_VARIANT)
    # Imported here: only generation needs protobuf message building.
    from sespolicy.provider.proto_schema import provider_schema_response

    executable = twin_executable(plugin_dir, source, spec.version)
    target = executable.parent
    try:
        target.mkdir(parents=True, exist_ok=True)
        pack_writer.write(target / PACK_FILE)
        pack = SchemaPack(target / PACK_FILE)
        (target / SCHEMA_RESPONSE_FILE).write_bytes(provider_schema_response(pack, TWIN_VARIANT))
        manifest = {
            "source": source,
            "version": spec.version,
            "protocol": spec.protocol,
            "behaviour": spec.behaviour,
            "mode": spec.mode,
            "facts": dict(spec.facts),
        }
        (target / TWIN_FILE).write_text(json.dumps(manifest, indent=1), "utf-8")
        _write_certificate(target)
        executable.write_text(_launcher_source(source), "utf-8")
        executable.chmod(executable.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except OSError as problem:
        raise InputError(f"cannot write the provider to {plugin_dir}: {problem.strerror}") from None
    return Twin(source=source, version=spec.version, executable=executable, plugin_dir=plugin_dir)


def _add_schema_variant(writer: PackWriter, source: str, spec: TwinSpec) -> None:
    schema = spec.schema or {}
    if not isinstance(schema, Mapping) or not isinstance(schema.get("provider"), Mapping):
        raise InputError(
            f"the schema given for {source} is not a `terraform providers schema -json` entry "
            "(no `provider` block)"
        )
    types: dict[str, dict[str, tuple[dict[str, Any], int]]] = {}
    for kind, key in ((RESOURCE, "resource_schemas"), (DATA, "data_source_schemas")):
        entries = schema.get(key) or {}
        if not isinstance(entries, Mapping):
            raise InputError(f"the schema given for {source} has a {key} that is not an object")
        try:
            if spec.behaviour == "aws":
                # Keep the 6.x per-resource `region` out of the blobs, as the shipped pack does,
                # so planning knows which types are regional.
                types[kind] = {
                    name: split_region(s, is_v6_region_attribute) for name, s in entries.items()
                }
            else:
                types[kind] = {name: (strip_schema(s), 0) for name, s in entries.items()}
        except (KeyError, TypeError, AttributeError) as problem:
            raise InputError(f"the schema given for {source} is malformed: {problem!r}") from None
    writer.add_variant(
        TWIN_VARIANT,
        meta={"source": source, "schema_version": spec.version, "protocol": spec.protocol},
        provider=strip_schema(schema["provider"]),
        types=types,
    )


def _import_roots() -> list[str]:
    import importlib

    roots: list[str] = []
    for name in _SERVER_IMPORT_ROOTS:
        module = importlib.import_module(name)
        location = Path(module.__file__ or "").resolve().parent
        for _ in name.split("."):
            location = location.parent
        if str(location) not in roots:
            roots.append(str(location))
    return roots


def _launcher_source(source: str) -> str:
    return (
        f"#!{sys.executable} -S\n"
        f"# A plan-only twin of {source}, generated by sespolicy.\n"
        "# Terraform starts it; it refuses to run without Terraform's magic cookie.\n"
        "import os\n"
        "import sys\n"
        f"sys.path[:0] = {_import_roots()!r}\n"
        "from sespolicy.provider.server import main\n"
        "sys.exit(main(os.path.dirname(os.path.realpath(__file__))))\n"
    )


def _write_certificate(target: Path) -> None:
    """A self-signed server certificate for localhost, made once so launches need no crypto."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=True,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path = target / KEY_FILE
    key_bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key_bytes)
    (target / CERT_FILE).write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
