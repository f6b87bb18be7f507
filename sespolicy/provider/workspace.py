"""A private copy of a Terraform configuration to plan in, leaving the user's files untouched.

The copy holds the configuration directory plus whatever it reaches by relative path (local
module sources like `../modules/x`, files read with `file("../policy.json")`), laid out at the
same relative positions so those paths still resolve, and the module cache of an online
`terraform init` (`.terraform/modules`), so registry and git modules plan without network. The
rest of Terraform's working files (`.terraform/providers`, `.terraform.lock.hcl`) stay behind:
they belong to the real providers.

The tree is surveyed before anything is copied, so that every problem is named at once:
- a symbolic link is copied as what it points to, if that lies inside the tree being copied;
  one leading out of it is refused (it could feed any file of the machine into the plan);
- only regular files and directories are copied (a FIFO would block the copy forever);
- a large file that Terraform does not read as configuration is linked, not copied: a 2 GiB
  archive next to the code costs nothing, and `filebase64sha256()` still reads it.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.provider.configscan import ConfigurationFacts

# Directories never worth copying: version control, and Terraform's caches (but for the
# module cache, surveyed on its own).
_VCS_NAMES = frozenset({".git", ".hg", ".svn"})
_SKIPPED_NAMES = _VCS_NAMES | {".terraform"}
_SKIPPED_FILES = frozenset({".terraform.lock.hcl"})
# What Terraform itself reads from a module directory; always copied, whatever the size.
_TERRAFORM_FILE_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
LARGE_FILE_BYTES = 8 * 1024 * 1024
OVERRIDE_FILE = "zz_sespolicy_backend_override.tf"


@dataclass(frozen=True)
class Workspace:
    root: Path  # the temporary tree
    config_dir: Path  # where the copied configuration directory sits inside it


@dataclass(frozen=True)
class _Entry:
    source: Path  # real path of what is copied
    target: Path  # relative to the copy's root
    action: str  # "dir", "copy" or "link"


@dataclass
class CopyPlan:
    """Everything the copy will do, and every reason it cannot be done."""

    base: Path  # the common folder of everything copied
    config_dir: Path  # relative to base
    entries: list[_Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    linked_large_files: int = 0


def is_terraform_file(name: str) -> bool:
    return name.endswith(_TERRAFORM_FILE_SUFFIXES)


def plan_copy(facts: ConfigurationFacts) -> CopyPlan:
    config_dir = facts.root
    wanted = {config_dir, *facts.module_dirs, *facts.referenced_paths}
    base = Path(os.path.commonpath([str(p) for p in wanted]))
    if base == Path(base.anchor):
        raise InputError(
            f"{config_dir} reaches files all over the file system by relative path; "
            "plan a directory whose modules and files sit under one common folder"
        )
    plan = CopyPlan(base=base, config_dir=config_dir.relative_to(base))
    for source in _outermost(wanted):
        _survey(source, source.relative_to(base), plan, ancestors=frozenset())
    if facts.module_cache is not None:
        cache = facts.module_cache.resolve()
        if base not in cache.parents:
            plan.problems.append(f"{facts.module_cache} leads outside {base}")
        else:
            target = facts.module_cache.relative_to(base)
            plan.entries.append(_Entry(cache.parent, target.parent, "dir"))
            _survey(cache, target, plan, ancestors=frozenset(), inside_cache=True)
    return plan


def _outermost(paths: set[Path]) -> list[Path]:
    """Drop paths that sit inside another path of the set: copying the outer one covers them."""
    ordered = sorted(paths, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in ordered:
        if not any(path == outer or outer in path.parents for outer in kept):
            kept.append(path)
    return kept


def _survey(
    source: Path,
    target: Path,
    plan: CopyPlan,
    ancestors: frozenset[Path],
    inside_cache: bool = False,
) -> None:
    """Plan the copy of `source` (a real path) to `target`, following links that stay inside."""
    try:
        info = source.stat()
    except OSError as problem:
        plan.problems.append(f"cannot read {source}: {problem.strerror}")
        return
    if stat.S_ISREG(info.st_mode):
        large = info.st_size > LARGE_FILE_BYTES and not is_terraform_file(source.name)
        plan.entries.append(_Entry(source, target, "link" if large else "copy"))
        plan.linked_large_files += large
        return
    if not stat.S_ISDIR(info.st_mode) or source in ancestors:
        return  # FIFOs, sockets, devices; and a link back to a folder being copied
    plan.entries.append(_Entry(source, target, "dir"))
    try:
        children = sorted(os.scandir(source), key=lambda entry: entry.name)
    except OSError as problem:
        plan.problems.append(f"cannot read {source}: {problem.strerror}")
        return
    inner_ancestors = ancestors | {source}
    skipped = _VCS_NAMES if inside_cache else _SKIPPED_NAMES
    for child in children:
        if child.name in _SKIPPED_FILES or child.name in skipped:
            continue
        child_path = Path(child.path)
        if child.is_symlink():
            resolved = _link_target(child_path, plan)
            if resolved is None:
                continue
            child_path = resolved
        _survey(child_path, target / child.name, plan, inner_ancestors, inside_cache)


def _link_target(link: Path, plan: CopyPlan) -> Path | None:
    """Where a symbolic link leads, if the copy may follow it; problems are noted in `plan`."""
    try:
        resolved = link.resolve(strict=True)
    except (OSError, RuntimeError):
        if is_terraform_file(link.name):
            plan.problems.append(
                f"{_shown(link, plan.base)} is a broken symbolic link ({os.readlink(link)})"
            )
        return None  # a broken link Terraform never reads is simply left out
    if resolved != plan.base and plan.base not in resolved.parents:
        plan.problems.append(
            f"{_shown(link, plan.base)} is a symbolic link to {resolved}, outside {plan.base}"
        )
        return None
    return resolved


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def copy_configuration(plan: CopyPlan, destination: Path) -> Workspace:
    """Carry out a surveyed copy; its problems must have been reported before."""
    made: set[Path] = set()
    for entry in plan.entries:
        target = destination / entry.target
        try:
            if entry.action == "dir":
                target.mkdir(parents=True, exist_ok=True)
                made.add(target)
                continue
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)  # a file reached on its own
                made.add(target.parent)
            if entry.action == "link":
                target.symlink_to(entry.source)
            else:
                shutil.copy2(entry.source, target, follow_symlinks=True)
        except OSError as problem:
            raise InputError(
                f"cannot copy {entry.source} to plan it: {problem.strerror or problem}"
            ) from None
    return Workspace(root=destination, config_dir=destination / plan.config_dir)


def override_backend(workspace: Workspace) -> None:
    """Plan with local state: a remote backend needs credentials and network we do not have."""
    (workspace.config_dir / OVERRIDE_FILE).write_text(
        "# Written by sespolicy plan: plan offline with local state.\n"
        'terraform {\n  backend "local" {}\n}\n',
        "utf-8",
    )
