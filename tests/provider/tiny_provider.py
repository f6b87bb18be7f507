"""A tiny third-party provider, `example.com/acme/tiny`, built by the tests as a real plugin.

There is no Go toolchain here, so it is a Python executable that speaks what a Go provider
speaks: the go-plugin handshake line and tfplugin5 over plaintext gRPC on a unix socket. It
only answers what reading a schema needs (GetSchema, Stop, go-plugin's Shutdown); it never
plans. Each call is appended to the file named by TINY_PROVIDER_LOG, so a test can tell
whether (and how) the binary was used.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

SOURCE = "example.com/acme/tiny"

_PROGRAM = """#!{python}
import json, os, sys, tempfile, threading
from concurrent import futures

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
if os.environ.get("TF_PLUGIN_MAGIC_COOKIE") != COOKIE:
    sys.stderr.write("a Terraform plugin; Terraform starts it\\n")
    sys.exit(1)
if "5" not in os.environ.get("PLUGIN_PROTOCOL_VERSIONS", "5").split(","):
    sys.exit(1)

import grpc
from tfplugin_proto import tfplugin5_5_pb2 as p


def log(name):
    path = os.environ.get("TINY_PROVIDER_LOG")
    if path:
        with open(path, "a") as handle:
            handle.write(name + "\\n")


def attribute(name, type_, **flags):
    return p.Schema.Attribute(name=name, type=json.dumps(type_).encode(), **flags)


def schema_response():
    response = p.GetProviderSchema.Response()
    response.provider.block.attributes.append(attribute("endpoint", "string", optional=True))
    thing = response.resource_schemas["tiny_thing"]
    thing.block.attributes.extend([
        attribute("id", "string", computed=True),
        attribute("name", "string", required=True),
        attribute("size", "number", optional=True),
        attribute("labels", ["map", "string"], optional=True),
        attribute("token", "string", computed=True, sensitive=True),
    ])
    rule = p.Schema.NestedBlock(type_name="rule", nesting=p.Schema.NestedBlock.LIST, max_items=3)
    rule.block.attributes.append(attribute("action", "string", required=True))
    thing.block.block_types.append(rule)
    lookup = response.data_source_schemas["tiny_lookup"]
    lookup.block.attributes.extend([
        attribute("name", "string", required=True),
        attribute("value", "string", computed=True),
    ])
    return response


done = threading.Event()


def get_schema(request, context):
    log("GetSchema")
    return schema_response()


def stop(request, context):
    log("Stop")
    done.set()
    return p.Stop.Response()


def shutdown(request, context):
    log("Shutdown")
    done.set()
    return b""


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
server.add_generic_rpc_handlers([
    grpc.method_handlers_generic_handler("tfplugin5.Provider", {{
        "GetSchema": grpc.unary_unary_rpc_method_handler(
            get_schema,
            request_deserializer=p.GetProviderSchema.Request.FromString,
            response_serializer=p.GetProviderSchema.Response.SerializeToString,
        ),
        "Stop": grpc.unary_unary_rpc_method_handler(
            stop,
            request_deserializer=p.Stop.Request.FromString,
            response_serializer=p.Stop.Response.SerializeToString,
        ),
    }}),
    grpc.method_handlers_generic_handler("plugin.GRPCController", {{
        "Shutdown": grpc.unary_unary_rpc_method_handler(shutdown),
    }}),
])
socket_dir = tempfile.mkdtemp(dir=os.environ.get("PLUGIN_UNIX_SOCKET_DIR") or None)
socket_path = os.path.join(socket_dir, "plugin.sock")
server.add_insecure_port("unix:" + socket_path)
server.start()
sys.stdout.write("1|5|unix|" + socket_path + "|grpc|\\n")
sys.stdout.flush()
done.wait()
server.stop(grace=0.2).wait()
os.unlink(socket_path)
os.rmdir(socket_dir)
"""


def install_tiny_provider(config_dir: Path, version: str = "0.3.1") -> Path:
    """Install the tiny provider the way `terraform init` would, in DIR/.terraform/providers."""
    from sespolicy.provider.generate import platform_dir_name

    target = config_dir / ".terraform/providers" / SOURCE / version / platform_dir_name()
    target.mkdir(parents=True, exist_ok=True)
    executable = target / f"terraform-provider-tiny_v{version}"
    executable.write_text(_PROGRAM.format(python=sys.executable), "utf-8")
    executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
    return executable
