"""Long-lived twin servers inside the sespolicy process, for TF_REATTACH_PROVIDERS.

Terraform starts a managed provider process several times per plan and each Python start costs
~0.2 s; attaching Terraform to servers that are already running removes all of that. Terraform
treats a reattached provider as unmanaged: it neither installs nor stops it. Each twin gets its
own server (the gRPC service name is the same for every provider, so one server cannot tell
them apart).

The servers listen on 127.0.0.1 (plaintext, as go-plugin reattachment expects) because a TCP
peer address tells the provider configurations' connections apart; a unix socket does not.
They have nothing to protect: they make no cloud calls, hold no credentials and refuse to apply.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sespolicy.provider.sources import AWS_PROVIDER, DEFAULT_REGISTRY, address_on_host


@dataclass
class SharedProvider:
    """One twin's in-process server."""

    server: Any  # grpc.Server
    port: int
    source: str = AWS_PROVIDER
    provider: Any = None  # the PlanOnlyProvider it serves

    def reattach_entry(self) -> dict[str, Any]:
        return {
            "Protocol": "grpc",
            "ProtocolVersion": 6,
            "Pid": os.getpid(),
            # Test mode: Terraform must not try to stop a process it did not start.
            "Test": True,
            "Addr": {"Network": "tcp", "String": f"127.0.0.1:{self.port}"},
        }

    def stop(self) -> None:
        self.server.stop(grace=None)


@dataclass
class SharedProviders:
    """Servers for several twins (e.g. every twin of a plugin directory)."""

    providers: list[SharedProvider]

    def reattach_value(self, host: str = DEFAULT_REGISTRY) -> str:
        """TF_REATTACH_PROVIDERS for every twin; `host` replaces the public registry's host
        (OpenTofu looks its providers up under registry.opentofu.org)."""
        return json.dumps(
            {address_on_host(p.source, host): p.reattach_entry() for p in self.providers}
        )

    def set_working_dir(self, working_dir: Path) -> None:
        """Where Terraform runs: relative paths in reads (local_file) resolve there."""
        for shared in self.providers:
            shared.provider.working_dir = working_dir

    def stop(self) -> None:
        for provider in self.providers:
            provider.stop()


def start_shared_provider(
    served_dir: Path, default_region: str | None = None, working_dir: Path | None = None
) -> SharedProvider:
    """Serve the twin in `served_dir` (the directory of its executable) on a local port."""
    import grpc

    from sespolicy.provider.server import load_provider, provider_handler

    provider = load_provider(
        served_dir, exit_on_stop=False, default_region=default_region, working_dir=working_dir
    )
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8), handlers=[provider_handler(provider)]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return SharedProvider(server=server, port=port, source=provider.source, provider=provider)


def start_shared_providers(
    served_dirs: Sequence[Path], default_region: str | None = None, working_dir: Path | None = None
) -> SharedProviders:
    """Serve several twins, one server each (e.g. `[t.served_dir for t in generated.twins]`)."""
    started: list[SharedProvider] = []
    try:
        for served_dir in served_dirs:
            started.append(start_shared_provider(served_dir, default_region, working_dir))
    except BaseException:
        for provider in started:
            provider.stop()
        raise
    return SharedProviders(started)
