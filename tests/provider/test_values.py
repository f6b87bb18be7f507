"""The msgpack codec: Terraform's unknown marker survives a round trip, refinements included."""

from __future__ import annotations

import msgpack

from sespolicy.provider.wire_values import UNKNOWN, conform_block, decode, encode, is_wholly_known


def test_unknown_round_trips_as_cty_extension_zero() -> None:
    value = {"arn": UNKNOWN, "name": "bounces", "tags": {"a": "b"}, "n": 3, "ok": True}
    raw = encode(value)
    assert b"\xd4\x00\x00" in raw  # cty's own bytes for an unknown value
    assert decode(raw) == value


def test_refined_unknown_from_newer_terraform_decodes_as_unknown() -> None:
    refined = msgpack.packb({"id": msgpack.ExtType(12, msgpack.packb({1: False}))})
    assert decode(refined) == {"id": UNKNOWN}


def test_empty_dynamic_value_is_null() -> None:
    assert decode(b"") is None


def test_wholly_known_sees_nested_unknowns() -> None:
    assert is_wholly_known({"a": [{"b": "c"}]})
    assert not is_wholly_known({"a": [{"b": UNKNOWN}]})


def test_conform_block_fills_missing_attributes_and_drops_strangers() -> None:
    block = {
        "attributes": {"name": {"type": "string"}, "tags": {"type": ["map", "string"]}},
        "block_types": {
            "rule": {"nesting_mode": "list", "block": {"attributes": {"x": {"type": "number"}}}}
        },
    }
    state = {"name": "n", "obsolete": 1, "rule": [{"x": 1}, {}]}
    assert conform_block(block, state) == {
        "name": "n",
        "tags": None,
        "rule": [{"x": 1}, {"x": None}],
    }
