"""A plan-only twin's process: go-plugin handshake, then tfplugin6 over gRPC.

Terraform starts this several times per plan, so start-up time is the budget: imports are the
minimum, the schema response is pre-serialised at generate time, a type's schema is read from
the twin's pack only when a request names it, and the process exits as soon as Terraform says
it is done (GRPCController.Shutdown or StopProvider).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import tempfile
import threading
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
from tfplugin_proto import tfplugin6_5_pb2 as tfplugin

from sespolicy.provider.datasources import ReadRefused, read_data_source
from sespolicy.provider.planning import ProviderSettings, merged_tags, plan_resource
from sespolicy.provider.schema_pack import DATA, RESOURCE, SchemaPack
from sespolicy.provider.served_types import (
    CERT_FILE,
    KEY_FILE,
    PACK_FILE,
    SCHEMA_RESPONSE_FILE,
    TWIN_FILE,
    TWIN_VARIANT,
    ServedTypes,
)
from sespolicy.provider.wire_values import UNKNOWN, conform_block, decode, encode

MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE"
MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
DEFAULT_ACCOUNT_ID = "123456789012"

_ERROR = tfplugin.Diagnostic.ERROR


def _error(summary: str, detail: str = "") -> tfplugin.Diagnostic:
    return tfplugin.Diagnostic(severity=_ERROR, summary=summary, detail=detail)


_socket_files: list[str] = []  # the socket, then its directory: removed on the way out


def _exit_soon(delay: float = 0.02) -> None:
    """Leave right after the current reply is on the wire; nothing is worth waiting for."""

    def leave() -> None:
        sys.stdout.flush()
        for path in _socket_files:
            with contextlib.suppress(OSError):
                os.unlink(path) if path.endswith(".sock") else os.rmdir(path)
        os._exit(0)

    timer = threading.Timer(delay, leave)
    timer.daemon = True
    timer.start()


class PlanOnlyProvider:
    """The tfplugin6 Provider service methods; each takes and returns protobuf messages."""

    def __init__(
        self,
        manifest: dict[str, Any],
        types: ServedTypes,
        schema_response: bytes,
        exit_on_stop: bool = True,
        default_region: str | None = None,
        working_dir: Path | None = None,
    ) -> None:
        self.source = manifest["source"]
        self.mode = manifest.get("mode") or "v6"
        self.types = types
        self.schema_response = schema_response
        self.exit_on_stop = exit_on_stop
        self.account_id = types.facts.get("account_id", DEFAULT_ACCOUNT_ID)
        # Used where AWS_REGION would be: for provider configurations that set no region.
        self.default_region = default_region
        # Where relative paths in reads (local_file) resolve: Terraform's working directory.
        self.working_dir = working_dir
        # One process may serve several provider configurations at once (Terraform's
        # TF_REATTACH_PROVIDERS opens one connection per configuration), so what
        # ConfigureProvider said is kept per connection.
        self._settings: dict[str, ProviderSettings] = {}

    def settings(self, context: Any) -> ProviderSettings:
        return self._settings.get(context.peer(), ProviderSettings())

    def _unsupported(self, kind: str, type_name: str) -> tfplugin.Diagnostic:
        if self.types.is_aws:
            from sespolicy.provider.schema import unserved_type_message

            return _error(unserved_type_message(type_name, kind, self.mode))
        label = "data source" if kind == DATA else "resource"
        return _error(
            f"{label} type {type_name} is not in the schema of {self.source} that this "
            "plan-only twin was generated from"
        )

    def GetMetadata(self, request: Any, context: Any) -> Any:
        return tfplugin.GetMetadata.Response(
            server_capabilities=tfplugin.ServerCapabilities(get_provider_schema_optional=True),
            resources=[
                tfplugin.GetMetadata.ResourceMetadata(type_name=name)
                for name in self.types.names(RESOURCE)
            ],
            data_sources=[
                tfplugin.GetMetadata.DataSourceMetadata(type_name=name)
                for name in self.types.names(DATA)
            ],
        )

    def GetProviderSchema(self, request: Any, context: Any) -> bytes:
        return self.schema_response  # already serialised; see the raw handler below

    def ValidateProviderConfig(self, request: Any, context: Any) -> Any:
        return tfplugin.ValidateProviderConfig.Response()

    def ValidateResourceConfig(self, request: Any, context: Any) -> Any:
        response = tfplugin.ValidateResourceConfig.Response()
        if self.types.resource(request.type_name) is None:
            response.diagnostics.append(self._unsupported(RESOURCE, request.type_name))
        return response

    def ValidateDataResourceConfig(self, request: Any, context: Any) -> Any:
        response = tfplugin.ValidateDataResourceConfig.Response()
        if self.types.data_source(request.type_name) is None:
            response.diagnostics.append(self._unsupported(DATA, request.type_name))
        return response

    def ConfigureProvider(self, request: Any, context: Any) -> Any:
        settings = ProviderSettings()
        if self.types.is_aws:
            config = decode(request.config.msgpack) or {}
            region = config.get("region")
            if region is None:
                # The real provider falls back to the environment the same way.
                region = (
                    self.default_region
                    or os.environ.get("AWS_REGION")
                    or os.environ.get("AWS_DEFAULT_REGION")
                )
            settings = ProviderSettings(region=region, default_tags=_default_tags(config))
        self._settings[context.peer()] = settings
        return tfplugin.ConfigureProvider.Response()

    def UpgradeResourceState(self, request: Any, context: Any) -> Any:
        response = tfplugin.UpgradeResourceState.Response()
        resource = self.types.resource(request.type_name)
        if resource is None:
            response.diagnostics.append(self._unsupported(RESOURCE, request.type_name))
            return response
        if request.raw_state.json:
            state = json.loads(request.raw_state.json)
        else:
            response.diagnostics.append(
                _error("state in the legacy flatmap format cannot be upgraded by this provider")
            )
            return response
        response.upgraded_state.msgpack = encode(conform_block(resource["block"], state))
        return response

    def ReadResource(self, request: Any, context: Any) -> Any:
        # Nothing to refresh against: the state is what we would have found.
        return tfplugin.ReadResource.Response(
            new_state=request.current_state, private=request.private
        )

    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        response = tfplugin.PlanResourceChange.Response(legacy_type_system=True)
        resource = self.types.resource(request.type_name)
        if resource is None:
            response.diagnostics.append(self._unsupported(RESOURCE, request.type_name))
            return response
        plan = plan_resource(
            resource,
            self.settings(context),
            prior=decode(request.prior_state.msgpack),
            proposed=decode(request.proposed_new_state.msgpack),
            config=decode(request.config.msgpack),
        )
        response.planned_state.msgpack = encode(plan.planned_state)
        response.planned_private = request.prior_private
        for name in plan.requires_replace:
            response.requires_replace.append(
                tfplugin.AttributePath(steps=[tfplugin.AttributePath.Step(attribute_name=name)])
            )
        return response

    def ApplyResourceChange(self, request: Any, context: Any) -> Any:
        return tfplugin.ApplyResourceChange.Response(
            diagnostics=[_error(_refusal(self.source, "apply"))]
        )

    def ImportResourceState(self, request: Any, context: Any) -> Any:
        return tfplugin.ImportResourceState.Response(
            diagnostics=[_error(_refusal(self.source, "import"))]
        )

    def ReadDataSource(self, request: Any, context: Any) -> Any:
        response = tfplugin.ReadDataSource.Response()
        data_source = self.types.data_source(request.type_name)
        if data_source is None:
            response.diagnostics.append(self._unsupported(DATA, request.type_name))
            return response
        config = decode(request.config.msgpack) or {}
        try:
            if self.types.is_aws:
                state = read_data_source(
                    request.type_name,
                    data_source,
                    config,
                    self.settings(context),
                    self.account_id,
                    self.mode,
                )
            else:
                from sespolicy.provider.utility_reads import read_utility_data_source

                state = read_utility_data_source(
                    self.source, request.type_name, data_source, config, self.working_dir
                )
        except ReadRefused as refusal:
            response.diagnostics.append(_error(str(refusal)))
            return response
        response.state.msgpack = encode(state)
        return response

    def GetFunctions(self, request: Any, context: Any) -> Any:
        return tfplugin.GetFunctions.Response()

    def CallFunction(self, request: Any, context: Any) -> Any:
        return tfplugin.CallFunction.Response()

    def StopProvider(self, request: Any, context: Any) -> Any:
        if self.exit_on_stop:
            _exit_soon()
        return tfplugin.StopProvider.Response()


def _refusal(source: str, action: str) -> str:
    return (
        f"this provider is plan-only, generated by sespolicy; use the real {source} provider "
        f"to {action}"
    )


def _default_tags(config: dict[str, Any]) -> Any:
    blocks = config.get("default_tags")
    if blocks is UNKNOWN:
        return UNKNOWN
    tags: Any = {}
    for block in blocks or []:
        tags = merged_tags(tags, (block or {}).get("tags"))
    return tags


# Request/response classes of each Provider method, for the hand-built gRPC handlers.
_METHODS: dict[str, tuple[Any, Any]] = {
    "GetMetadata": (tfplugin.GetMetadata.Request, tfplugin.GetMetadata.Response),
    "GetProviderSchema": (tfplugin.GetProviderSchema.Request, None),
    "ValidateProviderConfig": (
        tfplugin.ValidateProviderConfig.Request,
        tfplugin.ValidateProviderConfig.Response,
    ),
    "ValidateResourceConfig": (
        tfplugin.ValidateResourceConfig.Request,
        tfplugin.ValidateResourceConfig.Response,
    ),
    "ValidateDataResourceConfig": (
        tfplugin.ValidateDataResourceConfig.Request,
        tfplugin.ValidateDataResourceConfig.Response,
    ),
    "UpgradeResourceState": (
        tfplugin.UpgradeResourceState.Request,
        tfplugin.UpgradeResourceState.Response,
    ),
    "ConfigureProvider": (tfplugin.ConfigureProvider.Request, tfplugin.ConfigureProvider.Response),
    "ReadResource": (tfplugin.ReadResource.Request, tfplugin.ReadResource.Response),
    "PlanResourceChange": (
        tfplugin.PlanResourceChange.Request,
        tfplugin.PlanResourceChange.Response,
    ),
    "ApplyResourceChange": (
        tfplugin.ApplyResourceChange.Request,
        tfplugin.ApplyResourceChange.Response,
    ),
    "ImportResourceState": (
        tfplugin.ImportResourceState.Request,
        tfplugin.ImportResourceState.Response,
    ),
    "ReadDataSource": (tfplugin.ReadDataSource.Request, tfplugin.ReadDataSource.Response),
    "GetFunctions": (tfplugin.GetFunctions.Request, tfplugin.GetFunctions.Response),
    "CallFunction": (tfplugin.CallFunction.Request, tfplugin.CallFunction.Response),
    "StopProvider": (tfplugin.StopProvider.Request, tfplugin.StopProvider.Response),
}


def provider_handler(provider: PlanOnlyProvider) -> grpc.GenericRpcHandler:
    handlers = {}
    for name, (request_class, response_class) in _METHODS.items():
        serializer = None if response_class is None else response_class.SerializeToString
        handlers[name] = grpc.unary_unary_rpc_method_handler(
            getattr(provider, name),
            request_deserializer=request_class.FromString,
            response_serializer=serializer,
        )
    return grpc.method_handlers_generic_handler("tfplugin6.Provider", handlers)


def _plugin_handlers() -> list[grpc.GenericRpcHandler]:
    """go-plugin's own services, answered with raw protobuf bytes (no generated code needed)."""

    def shutdown(request: bytes, context: Any) -> bytes:
        _exit_soon()
        return b""  # google.protobuf.Empty

    def health(request: bytes, context: Any) -> bytes:
        return b"\x08\x01"  # HealthCheckResponse{status: SERVING}

    return [
        grpc.method_handlers_generic_handler(
            "plugin.GRPCController", {"Shutdown": grpc.unary_unary_rpc_method_handler(shutdown)}
        ),
        grpc.method_handlers_generic_handler(
            "grpc.health.v1.Health", {"Check": grpc.unary_unary_rpc_method_handler(health)}
        ),
    ]


def _watch_parent() -> None:
    """Exit if Terraform dies without telling us, instead of lingering forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            threading.Event().wait(1.0)
            if os.getppid() != parent:
                _exit_soon(0)
                return

    threading.Thread(target=watch, daemon=True).start()


def load_provider(
    served_dir: Path,
    exit_on_stop: bool = True,
    default_region: str | None = None,
    working_dir: Path | None = None,
) -> PlanOnlyProvider:
    manifest = json.loads((served_dir / TWIN_FILE).read_text("utf-8"))
    types = ServedTypes(
        pack=SchemaPack(served_dir / PACK_FILE),
        variant=TWIN_VARIANT,
        facts=manifest.get("facts") or {},
        behaviour=manifest.get("behaviour", "generic"),
    )
    schema_response = (served_dir / SCHEMA_RESPONSE_FILE).read_bytes()
    return PlanOnlyProvider(
        manifest,
        types,
        schema_response,
        exit_on_stop=exit_on_stop,
        default_region=default_region,
        working_dir=working_dir,
    )


def serve(served_dir: Path) -> int:
    cert_pem = (served_dir / CERT_FILE).read_bytes()
    key_pem = (served_dir / KEY_FILE).read_bytes()
    provider = load_provider(served_dir)

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=16),
        handlers=[provider_handler(provider), *_plugin_handlers()],
    )
    # A private directory keeps the socket reachable only by this user; Terraform's client
    # certificate cannot be checked by Python's gRPC, so TLS here is server-side only.
    socket_dir = tempfile.mkdtemp(prefix="sespolicy-tfplugin-")
    socket_path = os.path.join(socket_dir, "plugin.sock")
    _socket_files.extend([socket_path, socket_dir])
    credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)])
    server.add_secure_port(f"unix:{socket_path}", credentials)
    server.start()
    der = base64.b64decode(b"".join(cert_pem.strip().splitlines()[1:-1]))
    certificate = base64.b64encode(der).decode().rstrip("=")
    sys.stdout.write(f"1|6|unix|{socket_path}|grpc|{certificate}\n")
    sys.stdout.flush()
    _watch_parent()
    server.wait_for_termination()
    return 0


def main(served_dir: str) -> int:
    if os.environ.get(MAGIC_COOKIE_KEY) != MAGIC_COOKIE_VALUE:
        sys.stderr.write(
            "This binary is a Terraform plugin (a plan-only provider twin generated by "
            "sespolicy); Terraform starts it itself, it is not meant to be run directly.\n"
        )
        return 1
    return serve(Path(served_dir))
