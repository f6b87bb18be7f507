"""What a configuration needs before Terraform runs: providers, types, modules, variables.

`sespolicy plan` reads the root module and every module it calls (local sources, and remote
ones from the module cache an online `terraform init` left in `.terraform/modules`) with the
light scanner in `hclscan`, so that every problem an offline plan would hit can be named in one
message before Terraform starts, instead of one per run.

Provider addresses follow Terraform: a local name without a `required_providers` entry means
`hashicorp/<name>`, a resource type's provider is the local name before its first `_` unless a
`provider = name.alias` argument says otherwise, and each module resolves its own local names.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.provider import hclscan
from sespolicy.provider.sources import (
    AWS_PROVIDER,
    BUILTIN_TERRAFORM_PROVIDER,
    is_local_source,
    provider_address,
)

MODULE_CACHE = Path(".terraform") / "modules"
MODULE_MANIFEST = MODULE_CACHE / "modules.json"
LOCK_FILE = ".terraform.lock.hcl"
CONFIGURATION_SUFFIXES = (".tf", ".tf.json")
# Module nesting deeper than this is a cycle of local modules (Terraform refuses those too).
_MAX_MODULE_DEPTH = 64
# A relative path written in a .tf file, up to where interpolation or the string ends; the
# last group tells whether an interpolation cut it short (`../policies/${var.name}.json`).
_RELATIVE_PATH = re.compile(r"""(?<![\w.])((?:\.\./)+|\./)([^"'\s${}]*)(\$\{)?""")
_PROVIDER_REFERENCE = re.compile(r"^([A-Za-z_][\w-]*)(?:\.[A-Za-z_][\w-]*)?$")


@dataclass(frozen=True)
class Location:
    file: Path
    line: int

    def relative_to(self, root: Path) -> str:
        """`file:line` as seen from `root` (`../modules/x/main.tf:3` for a file outside it)."""
        return f"{os.path.relpath(self.file, root)}:{self.line}"


@dataclass(frozen=True)
class TypeUse:
    """A resource or data block, and the provider that must serve its type."""

    kind: str  # "resource" or "data source"
    type_name: str
    provider: str  # full provider address
    location: Location


@dataclass(frozen=True)
class ModuleCall:
    key: str  # the module path as `.terraform/modules/modules.json` writes it: "a.b"
    source: str
    location: Location
    directory: Path | None  # where its code is; None when it is remote and not in the cache


@dataclass(frozen=True)
class Variable:
    name: str
    type: str  # the type expression as written, "any" when none is
    required: bool
    location: Location | None


@dataclass(frozen=True)
class VersionRequirement:
    constraint: str
    location: Location


@dataclass
class ConfigurationFacts:
    """What `sespolicy plan` needs to know about a configuration before running Terraform."""

    root: Path = Path()
    backend: str | None = None  # e.g. "s3", "remote", or "cloud" for a `cloud` block
    provider_constraints: dict[str, list[str]] = field(default_factory=dict)  # address -> terms
    locked_versions: dict[str, str] = field(default_factory=dict)  # from the root's lock file
    type_uses: list[TypeUse] = field(default_factory=list)
    module_calls: list[ModuleCall] = field(default_factory=list)
    root_variables: list[Variable] = field(default_factory=list)
    terraform_requirements: list[VersionRequirement] = field(default_factory=list)
    module_cache: Path | None = None  # the root's .terraform/modules when it has a manifest
    module_dirs: set[Path] = field(default_factory=set)  # directories of user code seen
    referenced_paths: set[Path] = field(default_factory=set)  # outside paths read by relative path

    @property
    def providers(self) -> set[str]:
        """Every provider the configuration needs, except Terraform's built-in one."""
        needed = set(self.provider_constraints) | {use.provider for use in self.type_uses}
        return {address for address in needed if address != BUILTIN_TERRAFORM_PROVIDER}

    @property
    def aws_constraints(self) -> list[str]:
        return self.provider_constraints.get(AWS_PROVIDER, [])

    @property
    def locked_aws_version(self) -> str | None:
        return self.locked_versions.get(AWS_PROVIDER)

    @property
    def missing_modules(self) -> list[ModuleCall]:
        return [call for call in self.module_calls if call.directory is None]


@dataclass(frozen=True)
class _ParsedFile:
    path: Path
    text: str
    top: list[hclscan.Block]


def configuration_files(directory: Path) -> list[Path]:
    return sorted(
        p for p in directory.iterdir() if p.name.endswith(CONFIGURATION_SUFFIXES) and p.is_file()
    )


def inspect_configuration(config_dir: Path) -> ConfigurationFacts:
    """Walk the root module and every module it calls, collecting facts."""
    root = config_dir.resolve()
    facts = ConfigurationFacts(root=root)
    facts.locked_versions = locked_versions(root / LOCK_FILE)
    manifest = _module_manifest(root)
    if manifest is not None:
        facts.module_cache = root / MODULE_CACHE
    cache_dir = root / MODULE_CACHE
    parsed: dict[Path, list[_ParsedFile]] = {}
    pending: list[tuple[str, Path, tuple[Path, ...]]] = [("", root, ())]
    while pending:
        key, directory, ancestors = pending.pop()
        if directory in ancestors or len(ancestors) > _MAX_MODULE_DEPTH:
            continue  # a module calling itself: Terraform reports the cycle
        if directory not in parsed:
            parsed[directory] = _parse_directory(directory)
            _collect_module_facts(parsed[directory], facts, is_root=directory == root)
            if cache_dir not in directory.parents:
                facts.module_dirs.add(directory)
                _collect_relative_references(parsed[directory], directory, facts)
        for call in _module_calls(parsed[directory], key, directory, root, manifest):
            facts.module_calls.append(call)
            if call.directory is not None and call.directory.is_dir():
                pending.append((call.key, call.directory, (*ancestors, directory)))
    return facts


def _parse_directory(directory: Path) -> list[_ParsedFile]:
    files = []
    try:
        tf_files = [p for p in configuration_files(directory) if p.suffix == ".tf"]
    except OSError as problem:
        raise InputError(f"cannot read {directory}: {problem.strerror}") from None
    for tf_file in tf_files:
        try:
            text = tf_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as problem:
            raise InputError(f"cannot read {tf_file}: {problem}") from None
        files.append(_ParsedFile(tf_file, text, hclscan.blocks(hclscan.blank_comments(text))))
    return files


def locked_versions(lock_file: Path) -> dict[str, str]:
    """The provider versions the user's lock file pins: what their Terraform would use."""
    try:
        text = lock_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    locked = {}
    for block in hclscan.blocks(hclscan.blank_comments(text)):
        version = hclscan.string_argument(block.body, "version")
        if block.type == "provider" and block.labels and version:
            locked[provider_address(block.labels[0])] = version
    return locked


def _module_manifest(root: Path) -> dict[str, str] | None:
    """Module key -> cached directory, from the manifest an online `terraform init` wrote."""
    try:
        document = json.loads((root / MODULE_MANIFEST).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    records = document.get("Modules") if isinstance(document, dict) else None
    if not isinstance(records, list):
        return None
    manifest = {}
    for record in records:
        if isinstance(record, dict) and isinstance(record.get("Key"), str):
            directory = record.get("Dir")
            if isinstance(directory, str):
                manifest[record["Key"]] = directory
    return manifest


def _collect_module_facts(
    files: list[_ParsedFile], facts: ConfigurationFacts, is_root: bool
) -> None:
    local_names: dict[str, str] = {}  # this module's required_providers
    for parsed in files:
        for terraform in (block for block in parsed.top if block.type == "terraform"):
            _collect_terraform_block(parsed.path, terraform, facts, local_names, is_root)
    for parsed in files:
        for block in parsed.top:
            location = Location(parsed.path, block.line)
            if block.type in ("resource", "data") and block.labels:
                type_name = block.labels[0]
                local_name = _provider_local_name(block.body) or type_name.split("_", 1)[0]
                facts.type_uses.append(
                    TypeUse(
                        kind="resource" if block.type == "resource" else "data source",
                        type_name=type_name,
                        provider=_resolve(local_name, local_names),
                        location=location,
                    )
                )
            elif block.type == "provider" and block.labels:
                facts.provider_constraints.setdefault(_resolve(block.labels[0], local_names), [])
            elif is_root and block.type == "variable" and block.labels:
                arguments = hclscan.attributes(block.body)
                type_text = _one_line(arguments.get("type", "any"))
                facts.root_variables.append(
                    Variable(block.labels[0], type_text, "default" not in arguments, location)
                )


def _collect_terraform_block(
    path: Path,
    terraform: hclscan.Block,
    facts: ConfigurationFacts,
    local_names: dict[str, str],
    is_root: bool,
) -> None:
    required_version = hclscan.string_argument(terraform.body, "required_version")
    if required_version:
        location = Location(path, terraform.line)
        facts.terraform_requirements.append(VersionRequirement(required_version, location))
    for inner in hclscan.blocks(terraform.body, terraform.line):
        if inner.type == "required_providers":
            for local_name, requirement in hclscan.object_arguments(inner.body).items():
                source = hclscan.string_argument(requirement, "source") or local_name
                address = provider_address(source)
                local_names[local_name] = address
                constraints = facts.provider_constraints.setdefault(address, [])
                version = hclscan.string_argument(requirement, "version")
                if version:
                    constraints.append(version)
        elif is_root and inner.type == "backend" and inner.labels:
            # Terraform only honours the root module's backend.
            facts.backend = inner.labels[0]
        elif is_root and inner.type == "cloud":
            facts.backend = "cloud"


def _one_line(expression: str) -> str:
    """A multi-line type expression on one line, its line breaks read as the commas they are:
    `object({\n  a = string\n  b = number\n})` -> `object({ a = string, b = number })`."""
    lines = [" ".join(line.split()) for line in expression.splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        continues = joined.endswith(("{", "(", "[", ",")) or line.startswith(("}", ")", "]"))
        joined += (" " if continues else ", ") + line
    return joined


def _provider_local_name(body: str) -> str | None:
    """The local name in a resource's `provider = name.alias` argument, if it has one."""
    written = hclscan.attributes(body).get("provider")
    match = _PROVIDER_REFERENCE.match(written or "")
    return match.group(1) if match else None


def _resolve(local_name: str, local_names: dict[str, str]) -> str:
    return local_names.get(local_name) or provider_address(local_name)


def _module_calls(
    files: list[_ParsedFile],
    parent_key: str,
    directory: Path,
    root: Path,
    manifest: dict[str, str] | None,
) -> list[ModuleCall]:
    calls = []
    for parsed in files:
        for module in (block for block in parsed.top if block.type == "module" and block.labels):
            source = hclscan.string_argument(module.body, "source")
            if source is None:
                continue  # Terraform reports a module without a literal source
            key = f"{parent_key}.{module.labels[0]}" if parent_key else module.labels[0]
            found: Path | None = None
            if is_local_source(source):
                found = (directory / source).resolve()
            elif manifest is not None and key in manifest:
                cached = (root / manifest[key]).resolve()
                found = cached if cached.is_dir() else None
            calls.append(ModuleCall(key, source, Location(parsed.path, module.line), found))
    return calls


def _collect_relative_references(
    files: list[_ParsedFile], directory: Path, facts: ConfigurationFacts
) -> None:
    for parsed in files:
        for prefix, rest, cut in _RELATIVE_PATH.findall(parsed.text):
            target = _referenced_path((directory / (prefix + rest)).resolve(), bool(cut))
            if target is not None:
                facts.referenced_paths.add(target)


def _referenced_path(path: Path, cut_short: bool) -> Path | None:
    """What to copy for a relative path: itself if it exists, or, when an interpolation cut
    it short, the directory it was heading into. Paths that do not exist are someone else's
    problem (Terraform's error will name them)."""
    if path.exists():
        return path
    if cut_short and path.parent.is_dir():
        return path.parent
    return None
