""".tf folders come from pull requests too: nesting no configuration needs is refused with one
line (exit 2), never a RecursionError (exit 3); nesting real configurations use is read.

The deepest parse tree among 667 files of public SES roots is 47 levels; the limit is 256.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_runner import run_cli

from sespolicy.hcl.syntax import MAX_TREE_DEPTH

RESOURCE = 'resource "aws_ssm_parameter" "p" {{\n  name  = "p"\n  value = jsonencode({value})\n}}\n'


def _folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("shape", "expression"),
    [
        ("lists", lambda n: "[" * n + "1" + "]" * n),
        ("objects", lambda n: "{ a = " * n + "1" + " }" * n),
        ("parentheses", lambda n: "(" * n + "1" + ")" * n),
        ("a sum", lambda n: " + ".join(["1"] * n)),
    ],
)
@pytest.mark.parametrize("command", ["eval", "graph"])
def test_an_expression_nested_past_the_limit_is_refused_with_one_line(
    tmp_path: Path, shape: str, expression, command: str
) -> None:
    text = "locals {\n  ok = 1\n  deep = " + expression(MAX_TREE_DEPTH) + "\n}\n"
    result = run_cli([command, str(_folder(tmp_path, text))])
    assert result.crash is None, result.crash
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"main.tf:3: an expression or block nests more than {MAX_TREE_DEPTH} levels" in (
        result.stderr
    )


def test_nesting_as_deep_as_real_configurations_and_more_is_read(tmp_path: Path) -> None:
    value = "[" * 60 + '"inbound"' + "]" * 60  # a parse tree of 132 levels, 47 the deepest seen
    folder = _folder(tmp_path, RESOURCE.format(value=value))
    result = run_cli(["graph", "--all", "--format", "json", str(folder)])
    assert result.crash is None, result.crash
    assert result.exit_code == 0, result.stderr
    assert '"aws_ssm_parameter.p"' in result.stdout


def test_values_built_deeper_than_python_follows_are_refused_with_one_line(tmp_path: Path) -> None:
    """Each module wraps what it passes on in 60 lists: no expression is deep, the value after
    30 modules is 1,800 levels deep."""
    wrap = "[" * 60 + "{inner}" + "]" * 60
    folder = tmp_path
    for _ in range(30):
        (folder / "m").mkdir()
        (folder / "main.tf").write_text(
            'variable "input" {\n  default = 1\n}\n'
            f'module "m" {{\n  source = "./m"\n  input  = {wrap.format(inner="var.input")}\n}}\n'
            f'output "out" {{\n  value = module.m.out\n}}\n'
            + RESOURCE.format(value="module.m.out"),
            encoding="utf-8",
        )
        folder = folder / "m"
    (folder / "main.tf").write_text(
        'variable "input" {}\noutput "out" {\n  value = var.input\n}\n', encoding="utf-8"
    )
    result = run_cli(["eval", str(tmp_path)])
    assert result.crash is None, result.crash
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "builds values nested too deeply" in result.stderr
