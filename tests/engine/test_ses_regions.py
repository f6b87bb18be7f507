"""The SES Region table: shipped data, the user's override file, and endpoint hosts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sespolicy.cli import main
from sespolicy.errors import InputError
from sespolicy.world.ses_regions import Offered, load_availability

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


def test_shipped_table_has_the_documented_regions() -> None:
    table = load_availability()
    assert len({r for r in table.sending if not r.startswith("us-gov-")}) == 27
    assert table.receiving_offered("eu-west-1") is Offered.YES
    assert table.receiving_offered("eu-north-1") is Offered.UNCONFIRMED
    assert table.sending_offered("ap-east-1") is Offered.NO
    assert "2026" in table.source


def test_endpoint_hosts_name_their_region() -> None:
    table = load_availability()
    assert table.region_of_host("feedback", "feedback-smtp.eu-west-1.amazonses.com.") == "eu-west-1"
    assert (
        table.region_of_host("inbound SMTP", "inbound-smtp.us-east-1.amazonaws.com") == "us-east-1"
    )
    assert table.region_of_host("feedback", "inbound-smtp.us-east-1.amazonaws.com") is None
    assert table.region_of_host("inbound SMTP", "feedback-smtp.us-east-1.amazonses.com") is None


def test_an_override_file_confirms_receiving_where_the_table_did_not(tmp_path, capsys) -> None:
    shipped = json.loads(
        (
            Path(__file__).resolve().parents[2] / "sespolicy" / "data" / "ses-regions.json"
        ).read_text()
    )
    shipped["receiving_confirmed"].append("eu-north-1")
    override = tmp_path / "regions.json"
    override.write_text(json.dumps(shipped))
    plan = str(PLANS / "region_receiving_unconfirmed.json")
    arguments = ["eval", plan, "--rule", "SES-REGION-002", "--format", "json", "--show-passed"]
    main(arguments)
    before = {f["status"] for f in json.loads(capsys.readouterr().out)["findings"]}
    main([*arguments, "--ses-regions", str(override)])
    after = {f["status"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "unknown" in before and "unknown" not in after


def test_a_broken_override_file_is_one_clear_error(tmp_path) -> None:
    broken = tmp_path / "regions.json"
    broken.write_text('{"sending": []}')
    with pytest.raises(InputError, match="receiving_confirmed"):
        load_availability(str(broken))
