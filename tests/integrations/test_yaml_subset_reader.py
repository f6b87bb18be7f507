"""The small YAML reader the integration tests use: right on what it accepts, loud otherwise."""

from __future__ import annotations

import pytest
from integration_helpers import REPO
from yaml_subset_reader import YamlSubsetError, read_yaml_subset

SAMPLE = """\
# a comment
name: demo  # trailing comment
flags: [a, "b c", 'it''s']
count: 3
enabled: false
empty: ""
nested:
  list:
  - plain
  - key: value
    other: "quoted: colon # not a comment"
  script: |
    echo "${{ inputs.x }}"
      indented
  trimmed: |-
    no final newline
"""


def test_the_sample_reads_as_yaml_says() -> None:
    assert read_yaml_subset(SAMPLE) == {
        "name": "demo",
        "flags": ["a", "b c", "it's"],
        "count": 3,
        "enabled": False,
        "empty": "",
        "nested": {
            "list": ["plain", {"key": "value", "other": "quoted: colon # not a comment"}],
            "script": 'echo "${{ inputs.x }}"\n  indented\n',
            "trimmed": "no final newline",
        },
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &anchor 1\n", "unsupported"),
        ("a: {b: 1}\n", "unsupported"),
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: b: c\n", "may not contain ': '"),
        ("a:\n  b: 1\n   c: 2\n", "indented deeper"),
        ("a: >\n  folded\n", "unsupported"),
        ('a: "open\n', "unterminated"),
    ],
)
def test_what_it_does_not_understand_is_an_error(text: str, problem: str) -> None:
    with pytest.raises(YamlSubsetError, match=problem):
        read_yaml_subset(text)


@pytest.mark.parametrize("name", ["SAMPLE", ".pre-commit-hooks.yaml", "action.yml"])
def test_it_agrees_with_pyyaml_where_that_is_installed(name: str) -> None:
    yaml = pytest.importorskip("yaml")
    text = SAMPLE if name == "SAMPLE" else (REPO / name).read_text(encoding="utf-8")
    assert read_yaml_subset(text) == yaml.safe_load(text)
