"""Where sespolicy keeps what it can make again (parsed catalogs, provider twins, installed
providers' schemas): $XDG_CACHE_HOME/sespolicy, else ~/.cache/sespolicy. Import-free, since
every `sespolicy eval` asks it."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    """sespolicy's folder in the user's cache; not created here."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "sespolicy"
