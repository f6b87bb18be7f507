"""Where the real-plan corpus is: the full one when there is one (CI), else the slice carried in
tests/corpus, so a fresh clone tests against real Terraform output too.

The full corpus is `$SESPOLICY_CORPUS` when set (and must then exist: a CI that names a corpus
it does not have is misconfigured), else `../shared/corpus` beside the checkout when present.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SLICE = REPO_ROOT / "tests" / "corpus"
FULL_PLAN_COUNT = 260
VARIABLE = "SESPOLICY_CORPUS"


@dataclass(frozen=True)
class Corpus:
    root: Path
    full: bool
    described: str  # which corpus and why, for test messages

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.root.glob(pattern))

    def relative_id(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def locate_corpus(
    environment: Mapping[str, str] = os.environ, repo_root: Path = REPO_ROOT
) -> Corpus:
    configured = environment.get(VARIABLE)
    if configured:
        return Corpus(Path(configured), True, f"{VARIABLE}={configured}")
    sibling = repo_root.parent / "shared" / "corpus"
    if sibling.is_dir():
        return Corpus(sibling, True, f"{sibling} (beside the checkout)")
    slice_root = repo_root / "tests" / "corpus"
    return Corpus(slice_root, False, f"the slice in {slice_root} (no full corpus found)")


CORPUS = locate_corpus()
