"""Generated providers, kept between runs so `sespolicy plan` generates each one only once.

The cache key covers everything a generated provider depends on: the schema and overlay data,
the provider package's source, the mode and version, and the Python that will run it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from sespolicy import __version__
from sespolicy.provider.generate import GeneratedProvider, generate, platform_dir_name


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "sespolicy" / "providers"


def _fingerprint(mode: str, version: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, mode, version, sys.executable, platform_dir_name()):
        digest.update(part.encode() + b"\0")
    data = resources.files("sespolicy.data").joinpath("provider")
    package = Path(__file__).parent
    sources = [data.joinpath(n) for n in sorted(p.name for p in data.iterdir())]
    sources += sorted(package.glob("*.py"))
    for source in sources:
        if source.is_file():
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:24]


def cached_provider(mode: str, version: str) -> GeneratedProvider:
    """The plugin directory for this mode and version, generating it on first use."""
    root = cache_root()
    final = root / f"aws-{mode}-{version}-{_fingerprint(mode, version)}"
    executable = (
        final / "registry.terraform.io" / "hashicorp" / "aws" / version / platform_dir_name()
    ) / f"terraform-provider-aws_v{version}_x5"
    if not executable.exists():
        root.mkdir(parents=True, exist_ok=True)
        # Generate beside the final place and rename, so a concurrent run never sees half.
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
        generate(staging, mode=mode, version=version)
        try:
            staging.rename(final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another run got there first
    return GeneratedProvider(plugin_dir=final, executable=executable, version=version, mode=mode)
