"""A private copy of a Terraform configuration to plan in, leaving the user's files untouched.

The copy holds the configuration directory plus whatever it reaches by relative path (local
module sources like `../modules/x`, files read with `file("../policy.json")`), laid out at the
same relative positions so those paths still resolve. Terraform's own working files
(`.terraform/`, `.terraform.lock.hcl`) are left behind: they belong to the real provider.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.provider import hclscan

# Directories never worth copying: Terraform's caches and version control.
_SKIPPED_NAMES = frozenset({".terraform", ".git", ".hg", ".svn"})
_SKIPPED_FILES = frozenset({".terraform.lock.hcl"})
# A relative path written in a .tf file, up to where interpolation or the string ends; the
# last group tells whether an interpolation cut it short (`../policies/${var.name}.json`).
_RELATIVE_PATH = re.compile(r"""(?<![\w.])((?:\.\./)+|\./)([^"'\s${}]*)(\$\{)?""")
OVERRIDE_FILE = "zz_sespolicy_backend_override.tf"


@dataclass
class ConfigurationFacts:
    """What `sespolicy plan` needs to know about a configuration before running Terraform."""

    aws_constraints: list[str] = field(default_factory=list)
    # Every provider's version constraints, by full source address (for the utility twins).
    provider_constraints: dict[str, list[str]] = field(default_factory=dict)
    backend: str | None = None  # e.g. "s3", "remote", or "cloud" for a `cloud` block
    locked_aws_version: str | None = None  # from the root's .terraform.lock.hcl, if any
    module_dirs: set[Path] = field(default_factory=set)  # every directory of .tf files seen
    referenced_paths: set[Path] = field(default_factory=set)  # outside paths read by relative path


@dataclass(frozen=True)
class Workspace:
    root: Path  # the temporary tree
    config_dir: Path  # where the copied configuration directory sits inside it


def _tf_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.tf") if p.is_file())


def inspect_configuration(config_dir: Path) -> ConfigurationFacts:
    """Walk the root module and the local modules it calls, collecting facts."""
    facts = ConfigurationFacts()
    root = config_dir.resolve()
    facts.locked_aws_version = _locked_aws_version(root / ".terraform.lock.hcl")
    pending = [root]
    while pending:
        directory = pending.pop()
        if directory in facts.module_dirs:
            continue
        facts.module_dirs.add(directory)
        for tf_file in _tf_files(directory):
            try:
                text = tf_file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as problem:
                raise InputError(f"cannot read {tf_file}: {problem}") from None
            top = hclscan.blocks(hclscan.blank_comments(text))
            _collect_terraform_blocks(top, facts, is_root=directory == root)
            for source in _local_module_sources(top):
                pending.append((directory / source).resolve())
            for reference, cut_short in _relative_references(text):
                target = _referenced_path((directory / reference).resolve(), cut_short)
                if target is not None:
                    facts.referenced_paths.add(target)
    return facts


def _locked_aws_version(lock_file: Path) -> str | None:
    """The hashicorp/aws version the user's lock file pins: what their Terraform would use."""
    try:
        text = lock_file.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for block in hclscan.blocks(hclscan.blank_comments(text)):
        if block.type == "provider" and block.labels and _is_hashicorp_aws(block.labels[0]):
            return hclscan.string_argument(block.body, "version")
    return None


def _collect_terraform_blocks(
    top: list[hclscan.Block], facts: ConfigurationFacts, is_root: bool
) -> None:
    for terraform in (block for block in top if block.type == "terraform"):
        for inner in hclscan.blocks(terraform.body):
            if inner.type == "required_providers":
                _collect_aws_constraints(inner.body, facts)
            elif is_root and inner.type == "backend" and inner.labels:
                # Terraform only honours the root module's backend.
                facts.backend = inner.labels[0]
            elif is_root and inner.type == "cloud":
                facts.backend = "cloud"


def _collect_aws_constraints(body: str, facts: ConfigurationFacts) -> None:
    for local_name, requirement in hclscan.object_arguments(body).items():
        source = hclscan.string_argument(requirement, "source") or f"hashicorp/{local_name}"
        version = hclscan.string_argument(requirement, "version")
        if _is_hashicorp_aws(source) and version:
            facts.aws_constraints.append(version)
        if version:
            full = source.lower() if source.count("/") == 2 else f"registry.terraform.io/{source}"
            facts.provider_constraints.setdefault(full.lower(), []).append(version)


def _is_hashicorp_aws(source: str) -> bool:
    return source.lower() in ("hashicorp/aws", "registry.terraform.io/hashicorp/aws")


def _local_module_sources(top: list[hclscan.Block]) -> list[str]:
    sources = []
    for module in (block for block in top if block.type == "module"):
        source = hclscan.string_argument(module.body, "source")
        if source is not None and source.startswith(("./", "../")):
            sources.append(source)
    return sources


def _relative_references(text: str) -> list[tuple[str, bool]]:
    return [(prefix + rest, bool(cut)) for prefix, rest, cut in _RELATIVE_PATH.findall(text)]


def _referenced_path(path: Path, cut_short: bool) -> Path | None:
    """What to copy for a relative path: itself if it exists, or, when an interpolation cut
    it short, the directory it was heading into. Paths that do not exist are someone else's
    problem (Terraform's error will name them)."""
    if path.exists():
        return path
    if cut_short and path.parent.is_dir():
        return path.parent
    return None


def _outermost(paths: set[Path]) -> list[Path]:
    """Drop paths that sit inside another path of the set: copying the outer one covers them."""
    ordered = sorted(paths, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in ordered:
        if not any(path == outer or outer in path.parents for outer in kept):
            kept.append(path)
    return kept


def _ignore(directory: str, names: list[str]) -> set[str]:
    return {name for name in names if name in _SKIPPED_NAMES or name in _SKIPPED_FILES}


def copy_configuration(config_dir: Path, facts: ConfigurationFacts, destination: Path) -> Workspace:
    config_dir = config_dir.resolve()
    wanted = {config_dir, *facts.module_dirs, *facts.referenced_paths}
    base = Path(os.path.commonpath([str(p) for p in wanted]))
    if base == Path(base.anchor):
        raise InputError(
            f"{config_dir} reaches files all over the file system by relative path; "
            "plan a directory whose modules and files sit under one common folder"
        )
    for source in _outermost(wanted):
        target = destination / source.relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            if source.is_dir():
                shutil.copytree(source, target, ignore=_ignore, symlinks=True)
            else:
                shutil.copy2(source, target)
        except (OSError, shutil.Error) as problem:
            raise InputError(f"cannot copy {source} to plan it: {problem}") from None
    return Workspace(root=destination, config_dir=destination / config_dir.relative_to(base))


def override_backend(workspace: Workspace) -> None:
    """Plan with local state: a remote backend needs credentials and network we do not have."""
    (workspace.config_dir / OVERRIDE_FILE).write_text(
        "# Written by sespolicy plan: plan offline with local state.\n"
        'terraform {\n  backend "local" {}\n}\n',
        "utf-8",
    )
