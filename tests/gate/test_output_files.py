"""Issue 9 case 3, issue 10 §5: every path the tool writes is checked before anything is
written (stdout included), and files are replaced whole or not at all."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest
from gate_helpers import one_error_line, plan

from sespolicy.errors import OutputError
from sespolicy.output_files import check_output_file, write_file_atomically

VIOLATING = plan("recv_cross_region_targets")


def _refused(run, workdir: Path, *options: str) -> str:
    before = sorted(p.name for p in workdir.iterdir())
    result = run("eval", VIOLATING, *options)
    assert result.code == 2, result.err
    assert result.out == ""  # refused before the stdout report too
    assert sorted(p.name for p in workdir.iterdir()) == before  # and before any file
    return one_error_line(result)


def test_a_missing_folder_is_refused(run, workdir: Path) -> None:
    line = _refused(run, workdir, "--output", "json=reports/out.json")
    assert "the folder reports does not exist; create it first" in line


def test_a_folder_is_refused(run, workdir: Path) -> None:
    (workdir / "reports").mkdir()
    line = _refused(run, workdir, "--output", "sarif=reports")
    assert "is a folder" in line


def test_a_fifo_is_refused_instead_of_blocking(run, workdir: Path) -> None:
    os.mkfifo(workdir / "pipe")
    line = _refused(run, workdir, "--output", "json=pipe")
    assert "FIFO" in line


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_dev_full_is_refused_before_stdout_is_written(run, workdir: Path) -> None:
    line = _refused(run, workdir, "--output", "json=/dev/full")
    assert "is a device, not a regular file" in line


def test_the_input_plan_is_never_overwritten(run, workdir: Path) -> None:
    shutil.copy(VIOLATING, workdir / "plan.json")
    original = (workdir / "plan.json").read_bytes()
    os.symlink(workdir / "plan.json", workdir / "link.json")
    for target in ("plan.json", "./plan.json", "link.json"):
        result = run("eval", "plan.json", "--output", f"json={target}")
        assert result.code == 2 and result.out == ""
        assert "which this run reads" in one_error_line(result)
    labelled = run("eval", "prod=plan.json", "--output", "json=plan.json")
    assert labelled.code == 2
    assert (workdir / "plan.json").read_bytes() == original


def test_config_and_baseline_files_are_inputs_too(run, workdir: Path) -> None:
    (workdir / "waivers.toml").write_text("")
    line = _refused(run, workdir, "--waivers", "waivers.toml", "--output", "json=waivers.toml")
    assert "which this run reads" in line


def test_two_outputs_to_one_file_are_refused(run, workdir: Path) -> None:
    line = _refused(run, workdir, "--output", "json=r.out", "--output", "sarif=./r.out")
    assert "write to the same file" in line


def test_an_output_to_stdout_beside_the_stdout_report_is_refused(run, workdir: Path) -> None:
    line = _refused(run, workdir, "--output", "sarif=/dev/stdout")
    assert "the --format text report write to the same stream" in line


def test_one_bad_destination_stops_the_good_ones_too(run, workdir: Path) -> None:
    _refused(run, workdir, "--output", "json=good.json", "--output", "sarif=missing/x.sarif")
    assert not (workdir / "good.json").exists()


def test_the_null_device_is_a_sink(run, workdir: Path) -> None:
    result = run("eval", VIOLATING, "--output", "json=/dev/null")
    assert result.code == 1 and result.err == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_folder_without_write_permission_is_refused(run, workdir: Path) -> None:
    locked = workdir / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        line = _refused(run, workdir, "--output", "json=locked/out.json")
    finally:
        locked.chmod(0o700)
    assert "no permission to create files there" in line


def test_a_folder_that_refuses_new_files_is_refused(
    run, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a read-only file system or missing permission does to the probe file, for
    # machines where the test runs as root (who ignores permissions).
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("sespolicy.output_files.tempfile.mkstemp", denied)
    line = _refused(run, workdir, "--output", "json=out.json")
    assert "cannot write into" in line and "no permission to create files there" in line


def test_docs_and_baseline_outputs_are_checked_the_same_way(run, workdir: Path) -> None:
    (workdir / "folder").mkdir()
    docs = run("docs", "--out", "folder")
    assert docs.code == 2 and "is a folder" in one_error_line(docs)
    shutil.copy(VIOLATING, workdir / "plan.json")
    baseline = run("baseline", "plan.json", "--out", "plan.json")
    assert baseline.code == 2 and "which this run reads" in one_error_line(baseline)


# --- writing whole or not at all ----------------------------------------------------------


def test_a_written_report_leaves_no_temporary_file_and_keeps_permissions(
    run, workdir: Path
) -> None:
    report = workdir / "report.json"
    report.write_text("old")
    report.chmod(0o640)
    result = run("eval", VIOLATING, "--output", f"json={report.name}")
    assert result.code == 1
    assert report.read_text().startswith('{\n  "version": 1')
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert sorted(p.name for p in workdir.iterdir()) == ["report.json"]


def test_a_new_file_gets_the_permissions_open_would_give(run, workdir: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    run("eval", VIOLATING, "--output", "json=new.json")
    assert stat.S_IMODE((workdir / "new.json").stat().st_mode) == 0o666 & ~umask


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_file(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = workdir / "report.sarif"
    target.write_text("the previous report")
    output = check_output_file(str(target), "--output sarif=report.sarif")

    def disk_full(source, destination):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sespolicy.output_files.os.replace", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_file_atomically(output.path, b"new report", output.option)
    assert target.read_text() == "the previous report"
    assert sorted(p.name for p in workdir.iterdir()) == ["report.sarif"]


def test_an_output_through_a_symbolic_link_replaces_the_file_it_points_to(
    run, workdir: Path
) -> None:
    (workdir / "real.json").write_text("old")
    os.symlink("real.json", workdir / "link.json")
    assert run("eval", VIOLATING, "--output", "json=link.json").code == 1
    assert (workdir / "link.json").is_symlink()
    assert (workdir / "real.json").read_text().startswith("{")
