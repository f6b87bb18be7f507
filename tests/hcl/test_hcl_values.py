"""What can be known from HCL is evaluated; everything else stays UNKNOWN."""

from __future__ import annotations

from typing import Any

import pytest

from sespolicy.hcl.evaluate import UNKNOWN, Scope, constant_value, evaluate
from sespolicy.hcl.syntax import parse_text


def _value(expression: str, roots: dict[str, Any] | None = None) -> Any:
    top = parse_text(f"probe = {expression}\n", "probe.tf")
    return evaluate(top.attributes["probe"].expression, Scope(roots or {}))


def _constant(expression: str) -> tuple[bool, Any]:
    top = parse_text(f"probe = {expression}\n", "probe.tf")
    return constant_value(top.attributes["probe"].expression)


VARS = {"var": {"region": "eu-west-1", "regions": ["us-east-1", "eu-west-1"], "n": 2}}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"eu-west-1"', "eu-west-1"),
        ('"a\\"b\\n"', 'a"b\n'),
        ('"$${literal}"', "${literal}"),
        ("3", 3),
        ("1.5", 1.5),
        ("true", True),
        ("null", None),
        ('["a", 1]', ["a", 1]),
        ('{ a = "b", "c" = 2 }', {"a": "b", "c": 2}),
        ("var.region", "eu-west-1"),
        ('"inbound-smtp.${var.region}.amazonaws.com"', "inbound-smtp.eu-west-1.amazonaws.com"),
        ('"${var.n}"', 2),  # a lone interpolation keeps its type, as in HCL
        ("var.regions[1]", "eu-west-1"),
        ("var.n + 1", 3),
        ('var.n > 1 ? "many" : "one"', "many"),
        ("[for r in var.regions : upper(r)]", ["US-EAST-1", "EU-WEST-1"]),
        ("toset(var.regions)", ["eu-west-1", "us-east-1"]),
        ("<<-EOT\n    region ${var.region}\n    EOT\n", "region eu-west-1\n"),
        ("merge({ a = 1 }, { b = var.n })", {"a": 1, "b": 2}),
        ('format("%s-%d", var.region, 3)', "eu-west-1-3"),
        # HCL converts strings where a bool or number is needed (`type = string` flags).
        ('"true" ? 1 : 0', 1),
        ('!"false"', True),
        ('"2" * 3', 6),
        ('"true" == true', False),  # equality does not convert
    ],
)
def test_known_values_are_evaluated(expression: str, expected: Any) -> None:
    assert _value(expression, VARS) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "aws_sns_topic.t.arn",
        "data.aws_region.current.name",
        "var.missing",
        'cidrsubnet("10.0.0.0/16", 8, 1)',  # not in the short list of evaluated functions
        '"${aws_sns_topic.t.arn}-suffix"',
        'aws_sns_topic.t.arn == "" ? "a" : "b"',
    ],
)
def test_what_cannot_be_known_is_unknown(expression: str) -> None:
    assert _value(expression, VARS) is UNKNOWN


def test_unknown_list_element_keeps_its_place() -> None:
    assert _value('["a", aws_sns_topic.t.arn]', VARS) == ["a", UNKNOWN]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ('"eu-west-1"', (True, "eu-west-1")),
        ('["a", 2]', (True, ["a", 2])),
        ("1 + 2", (True, 3)),
        ("var.region", (False, None)),
        ('upper("x")', (False, None)),  # Terraform evaluates with no functions available
        ('"${var.region}"', (False, None)),
    ],
)
def test_constant_values_follow_terraform(expression: str, expected: tuple[bool, Any]) -> None:
    assert _constant(expression) == expected
