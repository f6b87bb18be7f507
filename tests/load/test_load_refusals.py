"""Every kind of unusable input is refused with one InputError line that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from sespolicy.errors import InputError
from sespolicy.world.load import load_document_bytes, load_documents


def refusal_for(path: str) -> str:
    with pytest.raises(InputError) as raised:
        load_documents([path])
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_zero_bytes_on_stdin_says_to_pipe_terraform_show(fixture_path):
    with open(fixture_path("empty.json"), "rb") as stdin, pytest.raises(InputError) as raised:
        load_documents([], stdin=stdin)
    assert str(raised.value) == (
        "no input on stdin: pipe `terraform show -json tfplan` into sespolicy or give a path"
    )


def test_whitespace_only_file_is_empty_and_names_the_path(fixture_path):
    path = fixture_path("whitespace_only.json")
    message = refusal_for(path)
    assert message.startswith(f"{path}: is empty")
    assert "terraform show -json tfplan" in message


def test_zero_byte_file_is_empty(fixture_path):
    assert "is empty" in refusal_for(fixture_path("empty.json"))


def test_truncated_json_names_line_and_column(fixture_path):
    message = refusal_for(fixture_path("truncated_plan.json"))
    assert "not valid JSON at line 36 column 11 (Unterminated string" in message
    assert "terraform show -json tfplan" in message


def test_not_json_reports_position_from_the_decoder():
    with pytest.raises(InputError) as raised:
        load_document_bytes(b'{\n  "format_version": "1.2",\n  oops\n}', "bad.json")
    assert str(raised.value).startswith(
        "bad.json: not valid JSON at line 3 column 3 "
        "(Expecting property name enclosed in double quotes);"
    )


def test_human_readable_plan_text_is_told_to_add_json(fixture_path):
    message = refusal_for(fixture_path("not_json_text_plan_output.txt"))
    assert "line 1 column 1" in message
    assert "looks like text" in message and "-json" in message


def test_binary_plan_zip_says_to_run_terraform_show(fixture_path):
    message = refusal_for(fixture_path("binary_plan_zip.tfplan"))
    assert "binary plan file" in message
    assert "terraform show -json tfplan" in message


@pytest.mark.parametrize(
    "name",
    ["setup_terraform_wrapper_command_line.json", "setup_terraform_wrapper_debug_trailer.json"],
)
def test_setup_terraform_wrapper_output_says_how_to_turn_the_wrapper_off(fixture_path, name):
    message = refusal_for(fixture_path(name))
    assert "setup-terraform" in message
    assert "terraform_wrapper: false" in message
    assert "terraform-bin" in message


def test_empty_object_lists_the_expected_keys(fixture_path):
    message = refusal_for(fixture_path("empty_object.json"))
    assert "neither a Terraform plan nor a state" in message
    for key in ("`format_version`", "`planned_values`", "`resource_changes`", "`values`"):
        assert key in message
    assert "an empty object" in message


def test_unrelated_json_names_the_keys_it_found(fixture_path):
    message = refusal_for(fixture_path("unrelated_json_keys.json"))
    assert "found keys `dependencies`, `name`, `version`" in message


def test_an_old_raw_tfstate_says_to_convert_it_with_terraform_show(fixture_path):
    message = refusal_for(fixture_path("raw_tfstate_v3_terraform_0_11.json"))
    assert "raw terraform.tfstate of version 3" in message
    assert "run `terraform show -json`" in message


def test_top_level_list_is_refused_as_not_an_object(fixture_path):
    message = refusal_for(fixture_path("top_level_list.json"))
    assert "top-level JSON is an array, expected an object" in message


def test_errored_plan_is_refused_as_incomplete(fixture_path):
    message = refusal_for(fixture_path("plan_errored_true.json"))
    assert '"errored": true' in message
    assert "incomplete" in message
    assert "fix the errors Terraform reported" in message


def test_format_version_2_is_refused_as_written_by_a_newer_terraform(fixture_path):
    message = refusal_for(fixture_path("plan_format_2_0.json"))
    assert "2.0" in message
    assert "written by a newer Terraform than sespolicy understands" in message


def test_format_version_that_is_not_a_string_is_refused(fixture_path):
    message = refusal_for(fixture_path("plan_format_version_not_a_string.json"))
    assert "`format_version` is a number" in message


def test_plan_without_format_version_is_refused(fixture_path):
    message = refusal_for(fixture_path("plan_without_format_version.json"))
    assert "has no `format_version`" in message


def test_bytes_that_are_not_utf8_say_to_save_as_utf8(fixture_path):
    message = refusal_for(fixture_path("plan_latin1_not_utf8.json"))
    assert "not valid UTF-8" in message
    assert "save the output of `terraform show -json` as UTF-8" in message


def test_schema_violation_names_the_json_path(fixture_path):
    message = refusal_for(fixture_path("plan_actions_not_an_array.json"))
    assert "resource_changes[0].change.actions: expected an array, found an object" in message


def test_schema_messages_never_quote_plan_values(fixture_path):
    for name in ("plan_actions_not_an_array.json", "plan_type_not_a_string_beside_a_secret.json"):
        message = refusal_for(fixture_path(name))
        assert "s3cr3t-in-plan" not in message
        assert "resource_changes[0]" in message


def test_missing_file_names_the_path():
    message = refusal_for("/nonexistent/plan.json")
    assert message.startswith("/nonexistent/plan.json: no such file")


def test_stdin_named_twice_is_a_usage_error():
    from sespolicy.errors import UsageError

    with pytest.raises(UsageError):
        load_documents(["-", "-"])


def test_streamed_log_of_terraform_plan_json_says_to_use_show(fixture_path):
    message = refusal_for(fixture_path("terraform_plan_json_ui_log.jsonl"))
    assert "streamed log of `terraform plan -json`" in message
    assert "terraform plan -out=tfplan" in message


def test_single_line_of_the_plan_log_is_recognised_too(fixture_path):
    log = Path(fixture_path("terraform_plan_json_ui_log.jsonl")).read_bytes()
    first_line = log.splitlines()[0]
    with pytest.raises(InputError, match="streamed log of `terraform plan -json`"):
        load_document_bytes(first_line, "log.json")


def test_deeply_nested_json_is_refused_without_a_traceback():
    with pytest.raises(InputError, match="nested too deeply"):
        load_document_bytes(b"[" * 200_000 + b"]" * 200_000, "deep.json")


class _Terminal:
    """Stands in for sys.stdin when nothing is piped in."""

    buffer = None

    def isatty(self) -> bool:
        return True


def test_interactive_terminal_on_stdin_is_refused_instead_of_waiting(monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal())
    with pytest.raises(InputError, match="no input on stdin: pipe `terraform show -json tfplan`"):
        load_documents([])
