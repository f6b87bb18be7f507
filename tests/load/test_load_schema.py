"""The shipped JSON Schema, and the fast path that keeps it cheap on very large plans."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from sespolicy.errors import InputError
from sespolicy.world.load import load_document_bytes
from sespolicy.world.load.quickcheck import CheckCompiler
from sespolicy.world.load.schema import (
    SAMPLE_SIZE,
    format_path,
    load_schema,
)

# The top-level plan definition uses anyOf (format_version or plan_format_version); it is only
# ever judged by jsonschema itself, never by the predicates.
ROOT_ONLY_DEFINITIONS = {"plan"}
SAMPLE_OF_EACH_JSON_TYPE = [None, True, 0, 1.5, "s", [], ["s"], {}, {"k": "v"}]


def test_schema_is_valid_draft_2020_12_and_shipped_as_package_data():
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_avoids_keywords_the_sampling_validator_does_not_handle():
    # schema.py's `items`/`additionalProperties` replacements ignore these neighbours.
    text = json.dumps(load_schema())
    for keyword in (
        "prefixItems",
        "patternProperties",
        "unevaluatedProperties",
        "unevaluatedItems",
    ):
        assert f'"{keyword}"' not in text


def test_every_definition_compiles_to_a_fast_predicate():
    schema = load_schema()
    compiler = CheckCompiler(schema)
    not_compiled = [
        name
        for name, definition in schema["$defs"].items()
        if name not in ROOT_ONLY_DEFINITIONS and compiler.compile(definition) is None
    ]
    assert not_compiled == []


def mutations(instance: dict, nested_key: str | None = None):
    """`instance` with each field (and each field of `instance[nested_key]`) set to each JSON
    type in turn, or removed."""
    for field, value in itertools.product(
        [*instance, "index", "provider_name", "child_modules"], SAMPLE_OF_EACH_JSON_TYPE
    ):
        mutated = copy.deepcopy(instance)
        mutated[field] = value
        yield mutated
    if nested_key is not None:
        for field, value in itertools.product(
            [*instance[nested_key], "replace_paths", "importing"], SAMPLE_OF_EACH_JSON_TYPE
        ):
            mutated = copy.deepcopy(instance)
            mutated[nested_key][field] = value
            yield mutated
    for field in instance:
        yield {key: value for key, value in instance.items() if key != field}


def valid_instances(document: dict) -> list[tuple[str, dict, str | None]]:
    """(definition name, a valid instance from the fixture plan, a nested key to mutate)."""
    planned_module = document["planned_values"]["root_module"]
    configuration = document["configuration"]
    return [
        ("resource_change", document["resource_changes"][0], "change"),
        ("resource_values", planned_module["resources"][0], "values"),
        ("module_values", {"address": "module.m", **planned_module}, None),
        ("resource_config", configuration["root_module"]["resources"][0], "expressions"),
        ("provider_config", configuration["provider_config"]["aws"], None),
        ("module_config", configuration["root_module"], None),
        ("module_call", {"source": "./m", "module": configuration["root_module"]}, "module"),
    ]


def test_predicates_and_jsonschema_agree_on_every_mutation(fixture_path):
    schema = load_schema()
    document = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    compiler = CheckCompiler(schema)
    disagreements = []
    for name, instance, nested_key in valid_instances(document):
        definition = {"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
        jsonschema_says = Draft202012Validator(definition).is_valid
        predicate = compiler.compile(schema["$defs"][name])
        assert predicate(instance) and jsonschema_says(instance), name
        verdicts = [(m, predicate(m), jsonschema_says(m)) for m in mutations(instance, nested_key)]
        assert any(not slow for _, _, slow in verdicts), f"no mutation of {name} is invalid"
        disagreements += [(name, m) for m, fast, slow in verdicts if fast != slow]
    assert disagreements == []


def plan_with_many(count: int, fixture: str) -> dict:
    document = json.loads(Path(fixture).read_text())
    template = document["resource_changes"][0]
    document["resource_changes"] = [
        dict(copy.deepcopy(template), address=f"aws_sesv2_email_identity.n{index}")
        for index in range(count)
    ]
    return document


def refusal(document: dict) -> str:
    with pytest.raises(InputError) as raised:
        load_document_bytes(json.dumps(document).encode(), "big.json")
    return str(raised.value)


def test_error_far_beyond_the_sample_is_found_and_named(fixture_path):
    index = SAMPLE_SIZE * 40 + 3
    document = plan_with_many(index + 10, fixture_path("plan_format_1_2.json"))
    document["resource_changes"][index]["change"]["actions"] = "create"
    assert refusal(document).startswith(
        f"big.json: resource_changes[{index}].change.actions: expected an array, found a string;"
    )


def test_missing_required_key_beyond_the_sample_is_named(fixture_path):
    document = plan_with_many(SAMPLE_SIZE * 3, fixture_path("plan_format_1_2.json"))
    del document["resource_changes"][-1]["change"]
    assert f"resource_changes[{SAMPLE_SIZE * 3 - 1}]: `change` is missing" in refusal(document)


def test_error_in_a_child_module_beyond_the_sample_is_found(fixture_path):
    document = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    resource = document["planned_values"]["root_module"]["resources"][0]
    document["planned_values"]["root_module"]["child_modules"] = [
        {"address": f"module.m{index}", "resources": [copy.deepcopy(resource)]}
        for index in range(SAMPLE_SIZE * 2)
    ]
    document["planned_values"]["root_module"]["child_modules"][-1]["resources"][0]["mode"] = 3
    assert (
        f"planned_values.root_module.child_modules[{SAMPLE_SIZE * 2 - 1}].resources[0].mode: "
        'expected one of "managed", "data"' in refusal(document)
    )


def test_error_in_a_module_call_map_entry_beyond_the_sample_is_found(fixture_path):
    document = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    calls = {f"mail-{index}.x": {"source": "./mail"} for index in range(SAMPLE_SIZE * 2)}
    calls[f"mail-{SAMPLE_SIZE * 2 - 1}.x"]["source"] = ["./mail"]
    document["configuration"]["root_module"]["module_calls"] = calls
    expected = (
        f'configuration.root_module.module_calls["mail-{SAMPLE_SIZE * 2 - 1}.x"].source: '
        "expected a string, found an array"
    )
    assert expected in refusal(document)


def test_many_valid_resources_are_accepted(fixture_path):
    document = plan_with_many(SAMPLE_SIZE * 50, fixture_path("plan_format_1_2.json"))
    loaded = load_document_bytes(json.dumps(document).encode(), "big.json")
    assert len(loaded.data["resource_changes"]) == SAMPLE_SIZE * 50


def test_wrong_top_level_type_is_named_with_its_key(fixture_path):
    document = json.loads(Path(fixture_path("plan_format_1_2.json")).read_text())
    document["resource_changes"] = {"not": "a list"}
    assert "resource_changes: expected an array, found an object" in refusal(document)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), "(top level)"),
        (("resource_changes", 3, "change", "actions"), "resource_changes[3].change.actions"),
        (("module_calls", "my-mod", "source"), "module_calls.my-mod.source"),
        (("module_calls", "a.b c", "source"), 'module_calls["a.b c"].source'),
    ],
)
def test_json_paths_read_like_jq(path, text):
    assert format_path(path) == text


def test_a_valid_plan_is_judged_without_importing_jsonschema() -> None:
    """jsonschema is only needed to explain an error; importing it costs a small run's budget."""
    import subprocess
    import sys

    script = (
        "import sys, json;"
        "from sespolicy.world.load import load_document_bytes;"
        "load_document_bytes(json.dumps({'format_version': '1.2', 'resource_changes': [],"
        " 'planned_values': {'root_module': {}}}).encode(), 'x');"
        "print('jsonschema' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
