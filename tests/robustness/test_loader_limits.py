"""The loader's checks of what the JSON Schema leaves open, and address arithmetic on what
Terraform never writes: refused or opaque, never an exception other than InputError."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from sespolicy.errors import InputError, UsageError
from sespolicy.world import addresses
from sespolicy.world.addresses import (
    Step,
    module_depth_exceeds,
    module_instance_ancestors,
    split_steps,
)
from sespolicy.world.load import load_document_bytes, load_documents
from sespolicy.world.model import is_expression, iter_references

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def _plan(name: str = "notif_violating") -> dict:
    return json.loads((PLANS / f"{name}.json").read_text(encoding="utf-8"))


def _load(plan: dict | str) -> None:
    text = plan if isinstance(plan, str) else json.dumps(plan)
    load_document_bytes(text.encode("utf-8"), "plan.json")


def _first_resource_expressions(plan: dict) -> dict:
    return plan["configuration"]["root_module"]["resources"][0]["expressions"]


def test_a_surrogate_pair_is_text_and_is_accepted() -> None:
    """An emoji escaped as a UTF-16 pair is one character: only a lone half is refused."""
    plan = _plan()
    plan["resource_changes"][0]["change"]["after"]["tags"] = {"team": "mail \U0001f4e7"}
    text = json.dumps(plan)  # ensure_ascii writes the pair as \ud83d\udce7
    assert "\\ud83d\\udce7" in text
    _load(text)


def test_a_lone_surrogate_in_a_key_is_refused_without_printing_it() -> None:
    text = json.dumps(_plan()).replace('"format_version"', '"\\udc80x": 1, "format_version"', 1)
    with pytest.raises(InputError) as raised:
        _load(text)
    message = str(raised.value)
    assert "lone UTF-16 surrogate" in message
    message.encode("utf-8")  # printable: the key itself is not quoted


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    text = json.dumps(_plan()).replace('"format_version"', f'"x": {constant}, "format_version"', 1)
    with pytest.raises(InputError, match="not a JSON number"):
        _load(text)


def test_a_number_longer_than_python_reads_is_refused_plainly() -> None:
    number = "9" * 5000
    text = json.dumps(_plan()).replace('"format_version"', f'"x": {number}, "format_version"', 1)
    with pytest.raises(InputError) as raised:
        _load(text)
    assert "a number too long to read" in str(raised.value)
    assert "sys.set_int_max_str_digits" not in str(raised.value)


def test_a_nested_block_with_an_attribute_named_references_is_a_block() -> None:
    """`{"references": {"constant_value": …}}` is a block whose attribute is called
    `references`, not a leaf with a broken reference list."""
    plan = _plan()
    _first_resource_expressions(plan)["settings"] = {"references": {"constant_value": "x"}}
    _load(plan)
    block = _first_resource_expressions(plan)["settings"]
    assert not is_expression(block)
    assert list(iter_references({"settings": block})) == []


def test_blocks_nested_past_the_limit_are_refused() -> None:
    plan = _plan()
    block: dict = {"leaf": {"constant_value": 1}}
    for _ in range(70):
        block = {"inner": [block]}
    _first_resource_expressions(plan)["deep"] = block
    with pytest.raises(InputError, match="nested blocks go more than 64 levels deep"):
        _load(plan)


def test_modules_nested_past_the_limit_are_refused() -> None:
    plan = _plan()
    module: dict = {}
    for _ in range(66):
        module = {"module_calls": {"m": {"source": "./m", "module": module}}}
    plan["configuration"]["root_module"]["module_calls"] = module["module_calls"]
    with pytest.raises(InputError, match="modules nest more than 64 calls deep"):
        _load(plan)


def test_a_count_expression_must_be_an_expression() -> None:
    plan = _plan()
    plan["configuration"]["root_module"]["resources"][0]["count_expression"] = {"a": 1}
    with pytest.raises(InputError, match=r"resources\[0\]\.count_expression: expected an expr"):
        _load(plan)


# -- address arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "steps"),
    [
        ('aws_x.y["\\q"].arn', [Step("aws_x", None)]),
        ("aws_x.y[" + "9" * 5000 + "]", [Step("aws_x", None)]),
        ('aws_x.y["ok"].arn', [Step("aws_x", None), Step("y", "ok"), Step("arn", None)]),
        ("aws_x.y[3]", [Step("aws_x", None), Step("y", 3)]),
        ("var.", [Step("var", None)]),
        ("", []),
        ("[", []),
    ],
)
def test_split_steps_stops_at_what_terraform_never_writes(reference: str, steps) -> None:
    assert split_steps(reference) == steps


def test_long_addresses_are_not_memoised() -> None:
    long_address = ".".join(f'module.m["{n}"]' for n in range(60))
    before = addresses._memoised_steps.cache_info().currsize
    assert len(split_steps(long_address)) == 120
    assert addresses._memoised_steps.cache_info().currsize == before


def test_module_instance_ancestors_are_every_module_instance_outermost_first() -> None:
    assert module_instance_ancestors('module.a["x.y"].module.b[2].module.c') == [
        'module.a["x.y"]',
        'module.a["x.y"].module.b[2]',
        'module.a["x.y"].module.b[2].module.c',
    ]
    assert module_instance_ancestors("") == []


def test_module_depth_exceeds_counts_module_calls_not_text() -> None:
    address = ".".join(["module.m"] * 3)
    assert not module_depth_exceeds(address, 3)
    assert module_depth_exceeds(address + ".module.n", 3)
    # "module." inside a key is not a module call
    assert not module_depth_exceeds('module.m["module.module.module.module."]', 1)


# -- input size --------------------------------------------------------------------------------


def test_an_input_above_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SESPOLICY_MAX_INPUT_MB", "1")
    plan = _plan()
    plan["resource_changes"][0]["change"]["after"]["padding"] = "x" * (1 << 20)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    with pytest.raises(InputError, match="larger than the 1 MB sespolicy reads by default"):
        load_documents([str(path)])
    with pytest.raises(InputError, match="<stdin>: is larger than the 1 MB"):
        load_documents([], stdin=io.BytesIO(path.read_bytes()))
    monkeypatch.setenv("SESPOLICY_MAX_INPUT_MB", "2")
    (document,) = load_documents([str(path)])
    assert document.kind == "plan"


def test_a_size_limit_that_is_not_a_number_is_a_usage_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SESPOLICY_MAX_INPUT_MB", "lots")
    with pytest.raises(UsageError, match="SESPOLICY_MAX_INPUT_MB='lots'"):
        load_documents([str(PLANS / "notif_violating.json")])
