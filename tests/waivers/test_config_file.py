"""The config file: parsed with tomllib, checked against the shipped schema, one-line errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from waiver_helpers import plan, waiver_toml

from sespolicy.errors import InputError
from sespolicy.gate.enforcement import EnforcementLevel
from sespolicy.gate.schema_check import load_data_schema
from sespolicy.gate.settings_file import load_policy_config, parse_config_text

VALID = waiver_toml("SES-RECV-010", "aws_ses_receipt_rule.archive*") + (
    '[enforcement]\n"SES-SUPP" = "advisory"\n"SES-RECV-013" = "hard"\n'
)


def test_the_documented_example_reads_into_waivers_and_levels() -> None:
    config = parse_config_text(VALID, "team.toml")
    (waiver,) = config.waivers
    assert waiver.rule == "SES-RECV-010"
    assert waiver.address == "aws_ses_receipt_rule.archive*"
    assert waiver.owner == "mail-platform@example.com"
    assert waiver.expires == date(2027, 3, 31)
    assert waiver.origin == "team.toml, waiver #1"
    assert config.enforcement == {
        "SES-SUPP": EnforcementLevel.ADVISORY,
        "SES-RECV-013": EnforcementLevel.HARD,
    }


def test_a_quoted_iso_date_is_accepted_as_an_expiry() -> None:
    text = waiver_toml("SES-RECV", "*", expires='"2027-03-31"')
    assert parse_config_text(text).waivers[0].expires == date(2027, 3, 31)


def test_the_schema_ships_as_package_data_and_names_every_waiver_key() -> None:
    schema = load_data_schema("sespolicy-config.schema.json")
    waiver = schema["$defs"]["waiver"]
    assert set(waiver["required"]) == {"rule", "address", "reason", "owner", "expires"}
    assert waiver["additionalProperties"] is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            VALID.replace("[[waiver]]", "[waiver]"),
            "waiver: expected an array of tables, each written [[waiver]] (got a table)",
            id="table-instead-of-array",
        ),
        pytest.param(
            VALID.replace('owner = "mail-platform@example.com"\n', ""),
            "waiver #1: missing key 'owner'",
            id="missing-owner",
        ),
        pytest.param(
            VALID.replace("expires = 2027-03-31\n", ""),
            "waiver #1: missing key 'expires' (a date like 2027-03-31",
            id="missing-expiry",
        ),
        pytest.param(
            VALID.replace("2027-03-31", "2027-03-31T12:00:00"),
            "waiver #1.expires: expected a date like 2027-03-31 (TOML date, no time)",
            id="datetime-not-date",
        ),
        pytest.param(
            VALID.replace("2027-03-31", '"2027-02-30"'),
            "waiver #1.expires: expected a date like 2027-03-31",
            id="impossible-quoted-date",
        ),
        pytest.param(
            VALID.replace('"advisory"', '"warn"'),
            'enforcement.SES-SUPP: expected one of "advisory", "soft", "hard" '
            "(got a string 'warn')",
            id="unknown-level",
        ),
        pytest.param(
            VALID.replace('"SES-SUPP" =', '"ses-supp" ='),
            "enforcement: key 'ses-supp': expected a rule id such as SES-RECV-010 or a family",
            id="lower-case-rule-key",
        ),
        pytest.param(
            VALID.replace("[[waiver]]", "[[waivers]]"),
            "top level: unknown key 'waivers'; expected one of: enforcement, estate, waiver",
            id="typo-in-table-name",
        ),
        pytest.param(
            VALID.replace("owner =", "owners ="),
            "waiver #1: unknown key 'owners'; expected one of: address, expires, owner,",
            id="typo-in-key",
        ),
        pytest.param(
            VALID.replace('reason = "Archive bucket stays in us-east-1 by design"', 'reason = " "'),
            "waiver #1.reason: expected a non-empty reason",
            id="blank-reason",
        ),
        pytest.param(
            VALID.replace('rule = "SES-RECV-010"', "rule = 10"),
            "waiver #1.rule: expected a rule id such as SES-RECV-010 or a family such as "
            "SES-RECV (got a number 10)",
            id="rule-not-a-string",
        ),
    ],
)
def test_a_schema_violation_names_the_file_the_key_and_what_is_expected(
    text: str, expected: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_config_text(text, "conf/.sespolicy.toml")
    message = str(raised.value)
    assert message.startswith("conf/.sespolicy.toml: ")
    assert expected in message
    assert "\n" not in message


def test_a_second_waiver_is_counted_from_one_in_messages() -> None:
    text = VALID + waiver_toml("SES-RECV", "*", owner="")
    with pytest.raises(InputError, match=r"waiver #2\.owner: expected a non-empty owner"):
        parse_config_text(text)


def test_invalid_toml_names_the_file_and_the_position() -> None:
    with pytest.raises(InputError, match=r"^x\.toml: not valid TOML: .*line 2"):
        parse_config_text('[enforcement]\n"SES-SUPP" = advisory\n', "x.toml")


def test_a_config_in_the_current_directory_is_found(tmp_path: Path) -> None:
    (tmp_path / ".sespolicy.toml").write_text(VALID)
    assert len(load_policy_config(None, directory=tmp_path).waivers) == 1


def test_no_config_file_means_no_waivers_and_no_levels(tmp_path: Path) -> None:
    config = load_policy_config(None, directory=tmp_path)
    assert config.waivers == () and config.enforcement == {}


def test_two_files_giving_one_rule_two_levels_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[enforcement]\n"SES-SUPP" = "advisory"\n')
    (tmp_path / "b.toml").write_text('[enforcement]\n"SES-SUPP" = "hard"\n')
    with pytest.raises(InputError, match=r"enforcement\.SES-SUPP is 'hard' but .*a\.toml says"):
        load_policy_config(tmp_path / "a.toml", [tmp_path / "b.toml"])


def test_a_bad_config_ends_the_cli_with_one_line_and_exit_2(run_cli, workdir: Path) -> None:
    (workdir / ".sespolicy.toml").write_text(VALID.replace("[[waiver]]", "[[waivers]]"))
    result = run_cli("eval", plan("recv_cross_region_targets"))
    assert result.code == 2
    assert result.out == ""
    assert result.err == (
        "sespolicy: error: .sespolicy.toml: top level: unknown key 'waivers'; "
        "expected one of: enforcement, estate, waiver\n"
    )


@pytest.mark.parametrize("option", ["--config", "--waivers"])
def test_a_named_file_that_does_not_exist_is_an_input_error(run_cli, option: str) -> None:
    result = run_cli("eval", plan("recv_cross_region_targets"), option, "nowhere.toml")
    assert result.code == 2
    assert result.err == f"sespolicy: error: {option} nowhere.toml: no such file\n"


@pytest.mark.parametrize("name", ["sespolicy-config.schema.json", "sespolicy-baseline.schema.json"])
def test_the_shipped_schemas_are_valid_json_schema(name: str) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_data_schema(name))  # raises when invalid
    assert load_data_schema(name)["$schema"].endswith("2020-12/schema")


def test_a_waiver_file_alone_is_enough(tmp_path: Path) -> None:
    (tmp_path / "w.toml").write_text(VALID)
    config = load_policy_config(None, [tmp_path / "w.toml"], directory=tmp_path)
    assert [w.origin for w in config.waivers] == [f"{tmp_path / 'w.toml'}, waiver #1"]
    assert config.enforcement["SES-SUPP"] is EnforcementLevel.ADVISORY


def test_a_file_that_is_not_utf8_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / ".sespolicy.toml").write_bytes(b'[enforcement]\n"SES-SUPP" = "\xff"\n')
    with pytest.raises(InputError, match="not UTF-8"):
        load_policy_config(None, directory=tmp_path)
