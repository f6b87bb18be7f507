"""The `sespolicy docs` command: formats, --out, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from sespolicy.cli import main
from sespolicy.docs import build_catalog_doc, render


@pytest.mark.parametrize("format_name", ["markdown", "html"])
def test_out_writes_the_rendered_catalog(format_name: str, tmp_path: Path) -> None:
    out = tmp_path / f"rules.{format_name}"
    assert main(["docs", "--format", format_name, "--out", str(out)]) == 0
    assert out.read_bytes() == render(build_catalog_doc(), format_name).encode("utf-8")


def test_without_out_the_markdown_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["docs"]) == 0
    assert capsys.readouterr().out == render(build_catalog_doc(), "markdown")


def test_replace_policies_documents_only_the_given_folder(
    markup_policy_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["docs", "--policies", str(markup_policy_dir), "--replace-policies"]) == 0
    out = capsys.readouterr().out
    assert "### ACME-MAIL-1" in out
    assert "### SES-RECV-001" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["docs", "--policies", "no-such-folder"], "policy folder no-such-folder does not exist"),
        (["docs", "--out", "no-such-folder/rules.md"], "--out: no-such-folder/rules.md: the"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sespolicy: error: {message}")
    assert err.count("\n") == 1


def test_an_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["docs", "--format", "pdf"])
    assert stopped.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
