"""Keep Python's cycle collector away from large, acyclic structures while they are built.

Building the world and graph of a 50,000-resource plan creates millions of containers and no
reference cycles that matter, yet every batch of new containers triggers a collection that
rescans all that was built so far. Pausing the collector, then freezing what was built (it
lives for the rest of the run), removes that cost; reference counting still frees everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_allocation(enabled: bool = True, freeze: bool = True) -> Iterator[None]:
    """Pause the collector for the block, then (with freeze) freeze everything allocated so far.

    Freeze what lives for the rest of the run (the document, the graph); results a long-running
    caller may drop again are left unfrozen, so they stay collectable.
    """
    if not enabled:
        yield
        return
    was_enabled = gc.isenabled()
    gc.collect()  # garbage from before is freed now rather than frozen for the whole run
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
