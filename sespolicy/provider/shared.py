"""One long-lived provider server inside the sespolicy process, for TF_REATTACH_PROVIDERS.

Terraform starts a managed provider process several times per plan and each Python start costs
~0.2 s; attaching Terraform to a server that is already running removes all of that. Terraform
treats a reattached provider as unmanaged: it neither installs nor stops it.

The server listens on 127.0.0.1 (plaintext, as go-plugin reattachment expects) because a TCP
peer address tells the provider configurations' connections apart; a unix socket does not. It
has nothing to protect: it makes no AWS calls, holds no credentials and refuses to apply.
"""

from __future__ import annotations

import json
import os
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class SharedProvider:
    server: Any  # grpc.Server
    port: int

    def reattach_value(self, provider_addresses: tuple[str, ...]) -> str:
        """The TF_REATTACH_PROVIDERS value that points Terraform at this server."""
        entry = {
            "Protocol": "grpc",
            "ProtocolVersion": 6,
            "Pid": os.getpid(),
            # Test mode: Terraform must not try to stop a process it did not start.
            "Test": True,
            "Addr": {"Network": "tcp", "String": f"127.0.0.1:{self.port}"},
        }
        return json.dumps(dict.fromkeys(provider_addresses, entry))

    def stop(self) -> None:
        self.server.stop(grace=None)


def start_shared_provider(served_dir: Path, default_region: str | None = None) -> SharedProvider:
    import grpc

    from sespolicy.provider.server import load_provider, provider_handler

    provider = load_provider(served_dir, exit_on_stop=False, default_region=default_region)
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16), handlers=[provider_handler(provider)]
    )
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return SharedProvider(server=server, port=port)
