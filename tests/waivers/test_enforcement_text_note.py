"""The text report says why a failed finding does (not) fail the run under enforcement levels."""

from __future__ import annotations

from pathlib import Path

from sespolicy.cli import main

PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "recv_cross_region_targets.json"


def _run(tmp_path, monkeypatch, capsys, enforcement: str, *flags: str) -> tuple[int, str]:
    (tmp_path / ".sespolicy.toml").write_text(f"[enforcement]\n{enforcement}\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["eval", str(PLAN), "--rule", "SES-RECV-001", *flags])
    return code, capsys.readouterr().out


def test_advisory_failure_says_it_does_not_fail_the_run(tmp_path, monkeypatch, capsys) -> None:
    code, text = _run(tmp_path, monkeypatch, capsys, '"SES-RECV" = "advisory"')
    assert code == 0
    assert "its enforcement level does not fail the run" in text


def test_hard_failure_below_fail_on_says_it_still_fails(tmp_path, monkeypatch, capsys) -> None:
    code, text = _run(
        tmp_path, monkeypatch, capsys, '"SES-RECV-001" = "hard"', "--fail-on", "critical"
    )
    assert code == 1
    assert "its enforcement level fails the run despite --fail-on" in text
