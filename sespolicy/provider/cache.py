"""Generated plugin directories, kept between runs so `sespolicy plan` generates each only once.

The cache key covers everything a generated twin depends on: the shipped schema and overlay
data, the provider package's source, the hashicorp/aws mode and version, the utility twins'
versions, and the Python that will run it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from sespolicy import __version__
from sespolicy.cache_dir import user_cache_dir
from sespolicy.provider.generate import (
    GeneratedProvider,
    Twin,
    aws_twin_spec,
    generate,
    normalise_source,
    platform_dir_name,
    twin_executable,
    utility_twin_spec,
)
from sespolicy.provider.schema import UTILITY_PROVIDERS


def cache_root() -> Path:
    return user_cache_dir() / "providers"


def _fingerprint(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in (__version__, *parts, sys.executable, platform_dir_name()):
        digest.update(part.encode() + b"\0")
    data = resources.files("sespolicy.data").joinpath("provider")
    package = Path(__file__).parent
    sources = [data.joinpath(n) for n in sorted(p.name for p in data.iterdir())]
    sources += sorted(package.glob("*.py"))
    for source in sources:
        if source.is_file():
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:24]


def cached_plugin_dir(
    mode: str, version: str, utility_versions: Mapping[str, str] | None = None
) -> GeneratedProvider:
    """A plugin directory with the hashicorp/aws twin for this mode and version and every
    utility twin (at the given versions, else their own), generated on first use."""
    versions = {
        name: (utility_versions or {}).get(name) or utility_twin_spec(name).version
        for name in UTILITY_PROVIDERS
    }
    aws = aws_twin_spec(mode, version)  # checks the mode and version before any writing
    key = ",".join(f"{name}={versions[name]}" for name in UTILITY_PROVIDERS)
    root = cache_root()
    final = root / f"twins-{mode}-{version}-{_fingerprint(mode, version, key)}"
    twins = (
        Twin(aws.source, version, twin_executable(final, aws.source, version), final),
        *(
            Twin(
                normalise_source(UTILITY_PROVIDERS[name]),
                versions[name],
                twin_executable(final, UTILITY_PROVIDERS[name], versions[name]),
                final,
            )
            for name in UTILITY_PROVIDERS
        ),
    )
    if not all(twin.executable.exists() for twin in twins):
        root.mkdir(parents=True, exist_ok=True)
        # Generate beside the final place and rename, so a concurrent run never sees half.
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
        generate(staging, mode, version, utility_versions=versions)
        try:
            staging.rename(final)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)  # another run got there first
    return GeneratedProvider(
        plugin_dir=final, executable=twins[0].executable, version=version, mode=mode, twins=twins
    )


def cached_provider(mode: str, version: str) -> GeneratedProvider:
    """The plugin directory for this hashicorp/aws mode and version (utility twins included)."""
    return cached_plugin_dir(mode, version)
