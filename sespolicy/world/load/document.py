"""The record every later stage receives for one input: what it was, where from, and its JSON."""

from __future__ import annotations

from dataclasses import dataclass

PLAN = "plan"
STATE = "state"
HCL = "hcl"
STDIN_SOURCE = "<stdin>"


@dataclass(frozen=True)
class LoadedDocument:
    """One loaded input.

    `data` is the parsed JSON exactly as Terraform wrote it (for "hcl", the plan-shaped dict the
    `sespolicy.hcl` reader builds). `warnings` are one-line notes the caller prints; the loader
    never prints anything itself so library callers stay quiet.
    """

    source: str
    kind: str
    data: dict
    sha256: str
    format_version: str | None
    terraform_version: str | None
    warnings: tuple[str, ...] = ()
    # The name a user gave the input (`NAME=PATH`); findings say which input they belong to.
    label: str = ""

    @property
    def input_name(self) -> str:
        """What findings call this input: its label, else its source (path or <stdin>)."""
        return self.label or self.source
