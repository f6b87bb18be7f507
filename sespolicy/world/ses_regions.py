"""Which Regions offer Amazon SES, receiving and WorkMail: package data a user can override."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sespolicy.errors import InputError


class Offered(str, Enum):
    YES = "yes"
    NO = "no"
    # Not in the confirmed list, but not known to be absent either (receiving expands quietly).
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class SesAvailability:
    sending: frozenset[str]
    receiving_confirmed: frozenset[str]
    workmail: frozenset[str]
    dkim_regional_hosts: frozenset[str]
    feedback_endpoint: str
    inbound_endpoint: str
    source: str

    def sending_offered(self, region: str) -> Offered:
        return Offered.YES if region in self.sending else Offered.NO

    def receiving_offered(self, region: str) -> Offered:
        if region in self.receiving_confirmed:
            return Offered.YES
        if region in self.sending:
            return Offered.UNCONFIRMED
        return Offered.NO

    def endpoint_template(self, kind: str) -> str:
        """The host template of an endpoint kind: "inbound SMTP" (receiving), else "feedback"
        (MAIL FROM)."""
        return self.inbound_endpoint if kind == "inbound SMTP" else self.feedback_endpoint

    def host(self, kind: str, region: str) -> str:
        """The host of that kind of endpoint in a Region."""
        return self.endpoint_template(kind).format(region=region)

    def region_of_host(self, kind: str, host: str) -> str | None:
        """The Region a host names, if it is that kind of endpoint."""
        return _region_in(self.endpoint_template(kind), host)


@lru_cache(maxsize=8)
def _endpoint_pattern(template: str) -> re.Pattern[str]:
    head, _, tail = template.partition("{region}")
    return re.compile(f"^{re.escape(head)}([a-z0-9-]+){re.escape(tail)}\\.?$")


def _region_in(template: str, host: str) -> str | None:
    match = _endpoint_pattern(template).match(host.lower())
    return match.group(1) if match else None


def load_availability(path: str | None = None) -> SesAvailability:
    """The shipped table, or the user's file of the same shape."""
    try:
        if path is None:
            text = resources.files("sespolicy.data").joinpath("ses-regions.json").read_text()
            source = "sespolicy built-in table"
        else:
            text = Path(path).read_text(encoding="utf-8")
            source = path
        raw = json.loads(text)
        return SesAvailability(
            sending=frozenset(raw["sending"]),
            receiving_confirmed=frozenset(raw["receiving_confirmed"]),
            workmail=frozenset(raw.get("workmail", [])),
            dkim_regional_hosts=frozenset(raw.get("dkim_regional_hosts", [])),
            feedback_endpoint=raw.get("feedback_endpoint", "feedback-smtp.{region}.amazonses.com"),
            inbound_endpoint=raw.get("inbound_endpoint", "inbound-smtp.{region}.amazonaws.com"),
            source=f"{source} (as of {raw.get('as_of', 'unknown date')})",
        )
    except OSError as problem:
        raise InputError(f"cannot read SES Region table {path}: {problem.strerror}") from None
    except (ValueError, KeyError, TypeError) as problem:
        raise InputError(
            f"SES Region table {path} is not valid: {problem}; it needs the lists "
            '"sending" and "receiving_confirmed" like the built-in table'
        ) from None
