"""Just enough of a go-plugin client to ask an installed provider binary for its schema.

Terraform providers are go-plugin servers. The client starts the executable with the magic
cookie and the protocol versions it speaks in the environment; the provider answers with one
handshake line on stdout, `1|<protocol>|<unix or tcp>|<address>|grpc|<certificate>`, and then
serves gRPC there. The certificate is only used when the client sent one of its own
(`PLUGIN_CLIENT_CERT`, Terraform's AutoMTLS); this client sends none, so the provider serves
plaintext on a socket in a private directory (`PLUGIN_UNIX_SOCKET_DIR`).

GetProviderSchema needs no configuration and no credentials: the provider is never
configured, and it is told to stop as soon as the schema has arrived.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
SUPPORTED_PROTOCOLS = (5, 6)
HANDSHAKE_TIMEOUT_S = 30.0  # the real hashicorp/aws takes a few seconds to start
SCHEMA_TIMEOUT_S = 120.0
# The whole hashicorp/aws schema is tens of megabytes; gRPC's default limit is 4 MiB.
_MAX_MESSAGE_BYTES = 1024 * 1024 * 1024
_STOP_GRACE_S = 2.0
# A plugin puts its socket at <dir>/<up to ~30 characters>/plugin.sock, and a unix socket path
# has room for 107 bytes: folders for sockets are made under a parent at most this long.
MAX_SOCKET_PARENT_CHARS = 64
_SHORT_TEMP_PARENT = "/tmp"


def socket_parent(preferred: Path) -> Path:
    """Where to make a folder for plugin sockets: `preferred`, unless its path is too long."""
    if len(str(preferred)) <= MAX_SOCKET_PARENT_CHARS or not os.path.isdir(_SHORT_TEMP_PARENT):
        return preferred
    return Path(_SHORT_TEMP_PARENT)


@dataclass(frozen=True)
class Handshake:
    protocol: int
    target: str  # a gRPC target: unix:/path or host:port


class PluginError(InputError):
    """The provider binary could not be started or did not answer as a plugin."""


def parse_handshake(line: str, executable: Path) -> Handshake:
    parts = line.strip().split("|")
    if len(parts) < 5 or parts[0] != "1" or parts[4] != "grpc":
        raise PluginError(
            f"{executable} did not answer as a Terraform provider (handshake {line.strip()!r})"
        )
    try:
        protocol = int(parts[1])
    except ValueError:
        protocol = 0
    if protocol not in SUPPORTED_PROTOCOLS:
        raise PluginError(f"{executable} speaks plugin protocol {parts[1]}, not 5 or 6")
    network, address = parts[2], parts[3]
    target = f"unix:{address}" if network == "unix" else address
    return Handshake(protocol=protocol, target=target)


@contextlib.contextmanager
def running_plugin(executable: Path) -> Iterator[tuple[Handshake, subprocess.Popen[bytes]]]:
    """Start `executable` as a plugin; stop it (and remove its socket) on the way out."""
    parent = socket_parent(Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory(prefix="sespolicy-plugin-", dir=parent) as socket_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLUGIN_", "TF_"))}
        env.update(
            {
                MAGIC_COOKIE_KEY: MAGIC_COOKIE_VALUE,
                "PLUGIN_PROTOCOL_VERSIONS": ",".join(map(str, SUPPORTED_PROTOCOLS)),
                "PLUGIN_UNIX_SOCKET_DIR": socket_dir,
                "TMPDIR": socket_dir,
            }
        )
        try:
            process = subprocess.Popen(
                [str(executable.absolute())],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=socket_dir,
            )
        except OSError as problem:
            raise PluginError(f"cannot run {executable}: {problem.strerror}") from None
        try:
            line = _read_handshake_line(process, executable)
            yield parse_handshake(line, executable), process
        finally:
            _stop(process)


def _read_handshake_line(process: subprocess.Popen[bytes], executable: Path) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + HANDSHAKE_TIMEOUT_S
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while b"\n" not in buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PluginError(
                    f"{executable} did not start as a provider within {HANDSHAKE_TIMEOUT_S:.0f} s"
                )
            if not selector.select(remaining):
                continue
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise PluginError(
                    f"{executable} exited (code {process.wait()}) before its plugin handshake"
                )
            buffer += chunk
    return buffer.split(b"\n", 1)[0].decode("utf-8", "replace")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(_STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _protocol_module(protocol: int) -> Any:
    if protocol == 5:
        from tfplugin_proto import tfplugin5_5_pb2

        return tfplugin5_5_pb2
    from tfplugin_proto import tfplugin6_5_pb2

    return tfplugin6_5_pb2


def fetch_provider_schema(executable: Path) -> tuple[int, Any]:
    """(plugin protocol, GetProviderSchema.Response message) of a provider executable."""
    import grpc

    with running_plugin(executable) as (handshake, _process):
        messages = _protocol_module(handshake.protocol)
        service = f"/tfplugin{handshake.protocol}.Provider"
        method = "GetSchema" if handshake.protocol == 5 else "GetProviderSchema"
        options = [
            ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
            ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
        ]
        with grpc.insecure_channel(handshake.target, options=options) as channel:
            call = channel.unary_unary(
                f"{service}/{method}",
                request_serializer=messages.GetProviderSchema.Request.SerializeToString,
                response_deserializer=messages.GetProviderSchema.Response.FromString,
            )
            try:
                response = call(messages.GetProviderSchema.Request(), timeout=SCHEMA_TIMEOUT_S)
            except grpc.RpcError as failure:
                raise PluginError(
                    f"{executable} did not give its schema: {failure.code().name} "
                    f"{failure.details() or ''}".rstrip()
                ) from None
            _shutdown(channel)
    return handshake.protocol, response


def _shutdown(channel: Any) -> None:
    """go-plugin's own way to end a plugin; a provider that ignores it is terminated."""
    shutdown = channel.unary_unary(
        "/plugin.GRPCController/Shutdown",
        request_serializer=lambda _: b"",
        response_deserializer=lambda data: data,
    )
    with contextlib.suppress(Exception):
        shutdown(None, timeout=1.0)
