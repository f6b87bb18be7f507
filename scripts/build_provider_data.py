#!/usr/bin/env python3
"""Rebuild the provider schemas sespolicy ships, from snapshots of their public sources.

Usage:
  python3 scripts/build_provider_data.py \
      --aws-schema-repo   PATH  (a git directory of lonegunmanb/terraform-aws-schema)
      --random-schema-repo PATH (lonegunmanb/terraform-random-schema)
      --tls-schema-repo   PATH  (lonegunmanb/terraform-tls-schema)
      [--out sespolicy/data]

The `fetch` tool brings such snapshots to /work/.mirror/<owner>+<name>/repo; any clone works.
Each repository is read at the tags below with `git show` / `git cat-file` (no work tree is
needed). Hand-written inputs live in scripts/provider_sources/ (see SOURCES.md there and in
sespolicy/data/provider/). Output: sespolicy/data/provider/schemas.pack (every variant, see
sespolicy/provider/schema_pack.py) and sespolicy/data/arn-shapes.json. The script prints what
each variant holds and which types its source lacks.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from sespolicy.provider.schema import is_v6_region_attribute  # noqa: E402
from sespolicy.provider.schema_pack import (  # noqa: E402
    DATA,
    RESOURCE,
    PackWriter,
    SchemaPack,
    split_region,
    strip_schema,
)

SOURCES = Path(__file__).resolve().parent / "provider_sources"
AWS = "registry.terraform.io/hashicorp/aws"
# Provider major -> the schema-repository tag whose schema serves it.
AWS_TAGS = {"v6": "v6.47.0", "v5": "v5.100.0", "v4": "v4.67.0", "v3": "v3.76.1"}
RANDOM_TAG = "v3.7.2"
TLS_TAG = "v4.1.0"

# Provider arguments of hashicorp/aws releases before 5.0 that 6.x no longer has (from the 5.0
# upgrade guide): added to the 4.x and 3.x provider blocks, so configurations pinned there load.
PRE_V5_PROVIDER_ARGUMENTS = {
    "s3_force_path_style": {"type": "bool", "optional": True, "deprecated": True},
    "shared_credentials_file": {"type": "string", "optional": True, "deprecated": True},
    "skip_get_ec2_platforms": {"type": "bool", "optional": True, "deprecated": True},
}
PRE_V5_ASSUME_ROLE_ARGUMENTS = {"duration_seconds": {"type": "number", "optional": True}}
# Endpoint names commonly written in `endpoints {}` (service package names and their aliases)
# beyond those derived from type names.
EXTRA_ENDPOINT_NAMES = [
    "cloudwatchevents",
    "cloudwatchlog",
    "cloudwatchlogs",
    "eventbridge",
    "events",
    "logs",
    "elb",
    "elbv2",
    "elasticloadbalancing",
    "elasticloadbalancingv2",
    "es",
    "elasticsearch",
    "opensearch",
    "sfn",
    "stepfunctions",
    "cognitoidp",
    "cognitoidentity",
    "cognitoidentityprovider",
    "configservice",
    "config",
    "rds",
    "redshift",
    "sts",
    "ssm",
    "secretsmanager",
    "apigateway",
    "apigatewayv2",
    "route53domains",
    "route53resolver",
    "s3control",
    "dynamodb",
    "lambda",
    "kms",
    "sns",
    "sqs",
    "ses",
    "sesv2",
    "iam",
    "ec2",
    "ecr",
    "ecs",
    "eks",
    "efs",
    "emr",
    "firehose",
    "kinesis",
    "cloudformation",
    "cloudfront",
    "cloudwatch",
    "acm",
    "acmpca",
    "organizations",
    "servicediscovery",
]

_GO_STRING = re.compile(r'`([^`]*)`|"((?:[^"\\]|\\.)*)"')
_REGISTRATION = re.compile(
    r'(resources|dataSources|ephemeralResources)\["(\w+)"\] = (\w+)\.(\w+)Schema\(\)'
)
_KINDS = {"resources": RESOURCE, "dataSources": DATA}


def git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=True
    ).stdout


def go_string_constant(source: str) -> Any:
    """The JSON held by the file's `const x = `...` + "`" + `...`` declaration."""
    position = re.search(r"const \w+ = ", source).end()
    parts = []
    while (literal := _GO_STRING.match(source, position)) is not None:
        raw, quoted = literal.groups()
        parts.append(raw if raw is not None else json.loads(f'"{quoted}"'))
        position = literal.end()
        joiner = re.match(r"\s*\+\s*", source[position:])
        if joiner is None:
            break
        position += joiner.end()
    return json.loads("".join(parts))


def read_schema_repo(repo: Path, tag: str) -> tuple[dict[str, dict[str, Any]], dict[str, list]]:
    """(kind -> type -> schema, kind -> types whose file the snapshot lacks) at one tag."""
    register = git(repo, "show", f"{tag}:generated/register.go").decode()
    listing = git(repo, "ls-tree", "-r", tag, "generated").decode().splitlines()
    blobs = {line.split("\t")[1]: line.split()[2] for line in listing}
    wanted = []
    for kind, type_name, package, function in _REGISTRATION.findall(register):
        if kind not in _KINDS:
            continue  # ephemeral resources: not served (see SOURCES.md)
        path = f"generated/{package}/{function[0].lower()}{function[1:]}.go"
        wanted.append((_KINDS[kind], type_name, blobs.get(path, "0" * 40)))
    batch = "".join(f"{sha}\n" for _, _, sha in wanted).encode()
    raw = git(repo, "cat-file", "--batch", stdin=batch)
    schemas: dict[str, dict[str, Any]] = {RESOURCE: {}, DATA: {}}
    missing: dict[str, list] = {RESOURCE: [], DATA: []}
    position = 0
    for kind, type_name, _sha in wanted:
        end = raw.index(b"\n", position)
        header = raw[position:end].decode()
        position = end + 1
        if header.endswith("missing"):
            missing[kind].append(type_name)
            continue
        size = int(header.split()[2])
        schemas[kind][type_name] = go_string_constant(raw[position : position + size].decode())
        position += size + 1
    return schemas, missing


def aws_provider_block(mode: str, endpoint_names: set[str]) -> dict[str, Any]:
    base = json.loads((SOURCES / "aws-provider-6.47.0.json").read_text())["provider"]
    block = base["block"]
    endpoints = block["block_types"]["endpoints"]["block"]
    for name in sorted(endpoint_names):
        endpoints.setdefault("attributes", {}).setdefault(
            name, {"optional": True, "type": "string"}
        )
    if mode in ("v4", "v3"):
        block["attributes"].update(PRE_V5_PROVIDER_ARGUMENTS)
        for nested in ("assume_role", "assume_role_with_web_identity"):
            block["block_types"][nested]["block"]["attributes"].update(PRE_V5_ASSUME_ROLE_ARGUMENTS)
    return strip_schema(base)


def endpoint_names(type_names: set[str]) -> set[str]:
    derived = {name.split("_")[1] for name in type_names if name.count("_") >= 2}
    return derived | set(EXTRA_ENDPOINT_NAMES)


def build(args: argparse.Namespace) -> int:
    writer = PackWriter()
    v6_regional: dict[str, bool] = {}
    aws_reads = {
        mode: read_schema_repo(args.aws_schema_repo, tag) for mode, tag in AWS_TAGS.items()
    }
    all_types = {
        name for schemas, _ in aws_reads.values() for kind in schemas for name in schemas[kind]
    }
    endpoints = endpoint_names(all_types)
    for mode, (schemas, missing) in aws_reads.items():
        types = {
            kind: {
                name: split_region(schema, is_v6_region_attribute)
                for name, schema in entries.items()
            }
            for kind, entries in schemas.items()
        }
        if mode == "v6":
            for kind_types in types.values():
                for name, (_schema, flags) in kind_types.items():
                    v6_regional[name] = v6_regional.get(name, False) or bool(flags)
        writer.add_variant(
            f"aws-{mode}",
            meta={
                "source": AWS,
                "schema_version": AWS_TAGS[mode].lstrip("v"),
                "protocol": 5,
                "origin": f"lonegunmanb/terraform-aws-schema {AWS_TAGS[mode]}",
            },
            provider=aws_provider_block(mode, endpoints),
            types=types,
            missing=missing,
        )
        report(f"aws-{mode}", types, missing)

    utility = json.loads((SOURCES / "hashicorp-utility-providers.json").read_text())
    for source, tag, repo in (
        ("registry.terraform.io/hashicorp/random", RANDOM_TAG, args.random_schema_repo),
        ("registry.terraform.io/hashicorp/tls", TLS_TAG, args.tls_schema_repo),
    ):
        schemas, missing = read_schema_repo(repo, tag)
        add_utility(
            writer,
            source,
            tag.lstrip("v"),
            utility[source]["provider"],
            schemas,
            missing,
            f"lonegunmanb/{repo_name(source)}-schema {tag}",
        )
    for source, entry in utility.items():
        if entry.get("provider_only"):
            continue
        schemas = {RESOURCE: entry["resource_schemas"], DATA: entry["data_source_schemas"]}
        add_utility(
            writer,
            source,
            entry["version"],
            entry["provider"],
            schemas,
            {RESOURCE: [], DATA: []},
            entry["origin"],
        )

    data_dir = args.out / "provider"
    pack_path = data_dir / "schemas.pack"
    writer.write(pack_path)
    print(f"wrote {pack_path.relative_to(REPO_ROOT)} ({pack_path.stat().st_size:,} bytes)")
    SchemaPack(pack_path)  # reads back, or raises

    shapes = json.loads((SOURCES / "aws-arn-shapes.json").read_text())
    shapes["global_types"] = sorted(name for name, regional in v6_regional.items() if not regional)
    shapes_path = args.out / "arn-shapes.json"
    shapes_path.write_text(json.dumps(shapes, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {shapes_path.relative_to(REPO_ROOT)} ({shapes_path.stat().st_size:,} bytes)")
    return 0


def repo_name(source: str) -> str:
    return "terraform-" + source.rsplit("/", 1)[1]


def add_utility(writer, source, version, provider, schemas, missing, origin) -> None:
    name = source.rsplit("/", 1)[1]
    types = {
        kind: {type_name: (strip_schema(schema), 0) for type_name, schema in entries.items()}
        for kind, entries in schemas.items()
    }
    writer.add_variant(
        name,
        meta={"source": source, "schema_version": version, "protocol": 5, "origin": origin},
        provider=strip_schema(provider),
        types=types,
        missing=missing,
    )
    report(name, types, missing)


def report(variant: str, types: dict, missing: dict) -> None:
    lacking = sorted(f"{kind} {name}" for kind, names in missing.items() for name in names)
    print(
        f"{variant}: {len(types.get(RESOURCE, {}))} resources, {len(types.get(DATA, {}))} data "
        f"sources" + (f"; missing from the snapshot: {', '.join(lacking)}" if lacking else "")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aws-schema-repo", type=Path, required=True)
    parser.add_argument("--random-schema-repo", type=Path, required=True)
    parser.add_argument("--tls-schema-repo", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "sespolicy" / "data")
    return build(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
