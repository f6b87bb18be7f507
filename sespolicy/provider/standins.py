"""Deterministic, type-correct stand-ins for what a data source would have read.

A data source read at plan time must return a wholly known object of its schema's type, or
Terraform reports the provider as broken. For reads the twin cannot answer from its
configuration, every computed attribute the configuration leaves unset gets a value that is
well-formed for its type and stable from run to run (the same inputs give the same value), so
later expressions (`[0]`, `for_each`, `cidrsubnet`, `jsondecode`) keep working:

- strings: by the attribute's name (a hook gives provider-specific ones such as ARNs first),
  else `<attribute>-<token>`;
- numbers 0, bools false, maps empty, a list or set one stand-in element (so indexing works);
- objects field by field; nested blocks stay as configured.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sespolicy.provider.wire_values import UNKNOWN

# (attribute path, type) -> a value, or None to use the generic stand-in.
StringHook = Callable[[str, Any], Any]

FIXED_TIMESTAMP = "2024-01-01T00:00:00Z"
_JSON_ATTRIBUTES = ("json", "policy", "document", "secret_string", "template_body", "definition")


def token(*parts: str, length: int = 16) -> str:
    """A stable lower-case hex id for the same inputs, so repeated plans are identical."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:length]


def uuid_token(*parts: str) -> str:
    raw = token(*parts, length=32)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def fill_block(
    block: dict[str, Any],
    state: dict[str, Any],
    seed: str,
    hook: StringHook | None = None,
    prefix: str = "",
) -> None:
    """Give every computed attribute of `block` that `state` leaves null a stand-in, in place;
    attributes and nested blocks `state` lacks are added (null, or an empty collection), so the
    result always has the block's shape."""
    for name, attribute in block["attributes"].items():
        value = state.get(name)
        if value is UNKNOWN or (value is None and attribute.get("computed")):
            state[name] = standin(f"{prefix}{name}", attribute["type"], seed, hook)
        else:
            state[name] = _known(value)
    for name, nested in block["block_types"].items():
        items = state.get(name)
        if items is None and nested["nesting_mode"] in ("list", "set", "map"):
            items = state[name] = {} if nested["nesting_mode"] == "map" else []
        state.setdefault(name, None)
        inner = nested["block"]
        path = f"{prefix}{name}."
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    fill_block(inner, item, seed, hook, path)
        elif isinstance(items, dict) and nested["nesting_mode"] == "map":
            for item in items.values():
                if isinstance(item, dict):
                    fill_block(inner, item, seed, hook, path)
        elif isinstance(items, dict):
            fill_block(inner, items, seed, hook, path)


def _known(value: Any) -> Any:
    # A configured value is known when Terraform reads; anything unknown left inside it is a
    # computed part we did not fill, and null is its honest stand-in.
    if value is UNKNOWN:
        return None
    if isinstance(value, dict):
        return {key: _known(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_known(item) for item in value]
    return value


def standin(path: str, type_spec: Any, seed: str, hook: StringHook | None = None) -> Any:
    """A stand-in value of the cty type `type_spec` for the attribute at `path`."""
    if hook is not None:
        special = hook(path, type_spec)
        if special is not None:
            return special
    name = path.rsplit(".", 1)[-1]
    if type_spec == "string":
        return generic_string(name, seed)
    if type_spec == "number":
        return 0
    if type_spec == "bool":
        return False
    if type_spec == "dynamic":
        return None
    kind, element = type_spec[0], type_spec[1]
    if kind in ("list", "set"):
        return [standin(_singular(path), element, seed, hook)]
    if kind == "map":
        return {}
    if kind == "object":
        return {
            field: standin(f"{path}.{field}", field_type, seed, hook)
            for field, field_type in element.items()
        }
    if kind == "tuple":
        return [standin(path, item, seed, hook) for item in element]
    return None


def _singular(path: str) -> str:
    """`subnet_ids` -> `subnet_id`, so an element is named like one item of the list."""
    head, _, name = path.rpartition(".")
    if name.endswith("ies"):
        name = name[:-3] + "y"
    elif name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return f"{head}.{name}" if head else name


def generic_string(name: str, seed: str) -> str:
    """A well-formed string for a commonly named attribute, else `<name>-<token>`."""
    if name.endswith(("_date", "_time", "_timestamp")) or name.startswith(("created", "creation")):
        return FIXED_TIMESTAMP
    if name in ("last_modified", "last_updated", "updated_at", "created_at"):
        return FIXED_TIMESTAMP
    if name.endswith("ipv6_cidr_block"):
        return "2001:db8::/56"
    if name.endswith("cidr_block") or name == "cidr":
        return "10.0.0.0/16"
    if name.endswith(("ip_address", "_ip")) or name in ("ip", "private_ip", "public_ip"):
        return "10.0.0.10"
    if name.endswith(_JSON_ATTRIBUTES) or name.endswith("_json"):
        return "{}"
    if name.endswith("email") or name == "email_address":
        return "standin@example.com"
    if name.endswith(("_url", "url", "endpoint", "uri")):
        return f"https://{name.replace('_', '-')}-{token(seed, name, length=8)}.example.com"
    if name.endswith(("dns_name", "domain_name", "hostname", "fqdn")):
        return f"{name.replace('_', '-')}-{token(seed, name, length=8)}.example.com"
    return f"{name.replace('_', '-')}-{token(seed, name, length=8)}"
