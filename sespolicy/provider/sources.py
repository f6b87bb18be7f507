"""Source addresses as Terraform reads them, of providers and of modules: one place for the rules.

A provider's full form is `host/namespace/type`, lower case. A source written without a host is
on the public registry; a bare local name is a `hashicorp/` provider; the local name
`terraform` is Terraform's built-in provider. A module source is local when it is a relative
path (`./x`, `../x`); anything else is fetched by `terraform init`. Imported by the `.tf`
reader and by `sespolicy plan` alike, so it stays free of imports; for that reason it holds
the hashicorp/aws modes too, which the command line needs to build its options.
"""

from __future__ import annotations

DEFAULT_REGISTRY = "registry.terraform.io"
AWS_PROVIDER = f"{DEFAULT_REGISTRY}/hashicorp/aws"
BUILTIN_TERRAFORM_PROVIDER = "terraform.io/builtin/terraform"
# hashicorp/aws modes, newest first: the major they serve and the version presented by default
# (the shipped schemas, sespolicy.provider.schema, serve one per mode).
DEFAULT_VERSIONS = {"v6": "6.47.0", "v5": "5.100.0", "v4": "4.67.0", "v3": "3.76.1"}
MODES = tuple(DEFAULT_VERSIONS)


def provider_address(source: str) -> str:
    """`aws`, `hashicorp/aws` or `Registry.Terraform.io/HashiCorp/AWS` ->
    `registry.terraform.io/hashicorp/aws`; `terraform` -> the built-in provider."""
    parts = source.strip().lower().split("/")
    if parts == ["terraform"]:
        return BUILTIN_TERRAFORM_PROVIDER
    if len(parts) == 1:
        parts = ["hashicorp", *parts]
    if len(parts) == 2:
        parts = [DEFAULT_REGISTRY, *parts]
    return "/".join(parts)


def short_address(address: str) -> str:
    """`registry.terraform.io/hashicorp/aws` -> `hashicorp/aws`, as people write it."""
    prefix = DEFAULT_REGISTRY + "/"
    return address[len(prefix) :] if address.startswith(prefix) else address


def address_on_host(address: str, host: str) -> str:
    """A public registry provider under another registry host (OpenTofu's
    registry.opentofu.org serves the same providers); other hosts' providers stay as they are."""
    default_host, _, rest = address.partition("/")
    return f"{host}/{rest}" if default_host == DEFAULT_REGISTRY else address


def is_local_source(source: str) -> bool:
    """`./x`, `../x`, `.` or `..`: a module read from disk, not fetched."""
    return source.startswith(("./", "../")) or source in (".", "..")
