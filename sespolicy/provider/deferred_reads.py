"""Defer data sources the twins cannot answer, so they plan as unknown instead of failing.

Terraform reads data sources during plan and rejects a read that returns unknown values, so a
twin cannot answer "not known yet" to `data "archive_file"` (its hashes are those of an archive
built at apply), `data "external"` (a program's output), `data "http"` (a URL's body) and the
other reads listed as `deferred_reads` in overlay.json; it refuses them with the reason.
Terraform's own `terraform_remote_state` is in the same position offline: the state it reads
sits in another configuration's backend (no credentials, no network here) or is written by
another root's apply, so its outputs are not knowable either. What
Terraform does allow is deferring a read to apply time when the data source depends on a
managed resource that has changes pending: the read then appears in the plan as `read` with
every computed attribute unknown — exactly what an offline plan can honestly say.

`defer_reads(tree)` rewrites the private copy `sespolicy plan` runs in: each such data block
gets `depends_on = [terraform_data.sespolicy_deferred_read]`, and every directory holding one
gets that `terraform_data` resource (Terraform's built-in, no provider needed; it shows in the
plan as one extra create). Only regular files inside the tree are touched; symbolic links are
never followed, so nothing outside the copy can change.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.provider import hclscan

DEFERRAL_RESOURCE = "terraform_data.sespolicy_deferred_read"
DEFERRAL_FILE = "zz_sespolicy_deferred_reads.tf"
_DEFERRAL_BLOCK = (
    "# Written by sespolicy plan: data sources the offline plan cannot read depend on this,\n"
    "# so Terraform reads them at apply and plans their values as unknown.\n"
    'resource "terraform_data" "sespolicy_deferred_read" {}\n'
)
_DATA_HEADER = re.compile(r'data\s+"([^"\n]+)"\s+"([^"\n]+)"\s*\{')
_DEPENDS_ON = re.compile(r"(?<![\w.-])depends_on\s*=\s*\[")


@dataclass
class DeferredReads:
    """What was deferred: `data.<type>.<name>` addresses per module directory."""

    by_directory: dict[Path, list[str]] = field(default_factory=dict)

    @property
    def addresses(self) -> list[str]:
        return [address for found in self.by_directory.values() for address in found]


REMOTE_STATE = "terraform_remote_state"


def deferred_read_types() -> frozenset[str]:
    """Every data source type a shipped twin refuses to read at plan time."""
    from sespolicy.provider.schema import load_overlay

    return frozenset(
        type_name
        for name, facts in load_overlay().items()
        if not name.startswith("_")
        for type_name in facts.get("deferred_reads", ())
    )


def offline_unknown_types() -> frozenset[str]:
    """What `sespolicy plan` defers: the twins' deferred reads and remote state."""
    return deferred_read_types() | {REMOTE_STATE}


def defer_reads(tree: Path, types: Iterable[str] | None = None) -> DeferredReads:
    """Make every data block of `types` (default: `offline_unknown_types()`) under `tree` read
    at apply. Returns what it changed."""
    wanted = frozenset(types if types is not None else offline_unknown_types())
    result = DeferredReads()
    root = tree.resolve()
    for directory, _subdirs, files in os.walk(root):  # does not follow symbolic links
        here = Path(directory)
        for file_name in sorted(files):
            path = here / file_name
            if path.is_symlink() or not path.resolve().is_relative_to(root):
                continue
            if file_name.endswith(".tf") and file_name != DEFERRAL_FILE:
                found = _defer_in_hcl(path, wanted)
            elif file_name.endswith(".tf.json"):
                found = _defer_in_json(path, wanted)
            else:
                continue
            if found:
                result.by_directory.setdefault(here, []).extend(found)
    for directory in result.by_directory:
        (directory / DEFERRAL_FILE).write_text(_DEFERRAL_BLOCK, "utf-8")
    return result


def _defer_in_hcl(path: Path, wanted: frozenset[str]) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # Terraform will report what it cannot read
    blanked = hclscan.blank_comments(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied last first
    found: list[str] = []
    for block in hclscan.blocks(blanked):
        # A data block as Terraform writes it: two quoted labels.
        header = _DATA_HEADER.match(blanked, block.start) if block.type == "data" else None
        if header is None or header.group(1) not in wanted:
            continue
        type_name, name = header.groups()
        open_index, close_index = block.open, block.close
        found.append(f"data.{type_name}.{name}")
        existing = _DEPENDS_ON.search(hclscan.top_level_only(block.body))
        if existing is not None:
            position = open_index + 1 + existing.end()
            edits.append((position, position, f"{DEFERRAL_RESOURCE}, "))
            continue
        edits.append((open_index + 1, open_index + 1, f"\n  depends_on = [{DEFERRAL_RESOURCE}]\n"))
        before_close = text[open_index + 1 : close_index].rstrip(" \t")
        if before_close and not before_close.endswith("\n"):
            # A one-line block `{ a = 1 }` becomes multi-line: its `}` needs its own line.
            edits.append((close_index, close_index, "\n"))
    if not edits:
        return []
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    _rewrite(path, text)
    return found


def _rewrite(path: Path, text: str) -> None:
    """The copy keeps the user's file modes: a read-only file there is made writable for its
    owner (the copy's), then rewritten."""
    mode = path.stat().st_mode
    if not mode & stat.S_IWUSR:
        path.chmod(mode | stat.S_IWUSR)
    path.write_text(text, "utf-8")


def _defer_in_json(path: Path, wanted: frozenset[str]) -> list[str]:
    try:
        document = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    found: list[str] = []
    data = document.get("data") if isinstance(document, dict) else None
    for by_type in data if isinstance(data, list) else [data]:
        if not isinstance(by_type, dict):
            continue
        for type_name, by_name in by_type.items():
            if type_name not in wanted:
                continue
            for named in by_name if isinstance(by_name, list) else [by_name]:
                if not isinstance(named, dict):
                    continue
                for name, bodies in named.items():
                    for body in bodies if isinstance(bodies, list) else [bodies]:
                        if isinstance(body, dict):
                            depends = body.get("depends_on") or []
                            body["depends_on"] = [DEFERRAL_RESOURCE, *depends]
                            found.append(f"data.{type_name}.{name}")
    if found:
        _rewrite(path, json.dumps(document, indent=2))
    return found
