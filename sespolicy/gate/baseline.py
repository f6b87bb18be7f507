"""Baselines: record today's problems once, then fail only on new ones.

`sespolicy baseline PLAN... --out .sespolicy-baseline.json` records every failed or unknown
finding that no waiver covers; `sespolicy eval --baseline .sespolicy-baseline.json` marks the
findings found in it as known (waived, "baseline <file> (recorded <date>)"), so only new ones
fail the run, and notes each recorded finding that no longer occurs as fixed.

The file is JSON, sorted, one entry per finding:

    {"format": "sespolicy-baseline", "version": 1, "created": "2026-11-27",
     "tool": "sespolicy 0.1.0",
     "findings": [{"rule": "SES-RECV-010", "address": "aws_ses_receipt_rule.archive",
                   "status": "fail", "fingerprint": "sha256:…"}]}

The fingerprint hashes the rule id, the address, the status and the addresses (and
attributes) of the related resources: a finding that now points at another resource, or went
from unknown to fail, is a new finding. Message text is left out on purpose, so rewording a
message in a new sespolicy release does not make every known finding new, and so no value from
the plan (sensitive or not) is ever written to the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sespolicy.errors import InputError
from sespolicy.findings import Finding, Report, Status
from sespolicy.gate.schema_check import validate_file_document

DEFAULT_BASELINE_FILE = ".sespolicy-baseline.json"
SCHEMA_NAME = "sespolicy-baseline.schema.json"
FORMAT_NAME = "sespolicy-baseline"
FORMAT_VERSION = 1
RECORDED = frozenset({Status.FAIL, Status.UNKNOWN})
# Beyond this many, fixed findings are summed up in one note instead of listed one by one.
MAX_FIXED_NOTES = 20


def fingerprint(finding: Finding) -> str:
    related = sorted({(r.address, r.attribute or "") for r in finding.related})
    material = [finding.rule_id, finding.address, finding.status.value, related]
    digest = hashlib.sha256(json.dumps(material, separators=(",", ":")).encode("utf-8"))
    return f"sha256:{digest.hexdigest()}"


@dataclass(frozen=True, order=True)
class BaselineEntry:
    rule: str
    address: str
    status: str
    fingerprint: str

    @classmethod
    def of(cls, finding: Finding) -> BaselineEntry:
        return cls(finding.rule_id, finding.address, finding.status.value, fingerprint(finding))

    def to_json(self) -> dict[str, str]:
        return {
            "rule": self.rule,
            "address": self.address,
            "status": self.status,
            "fingerprint": self.fingerprint,
        }


@dataclass(frozen=True)
class Baseline:
    entries: frozenset[BaselineEntry]
    created: date
    tool: str = ""
    source: str = ""  # the file it was read from

    @classmethod
    def record(cls, report: Report, created: date, tool: str) -> Baseline:
        """Every failed or unknown finding of the report that no waiver covers."""
        entries = frozenset(
            BaselineEntry.of(f) for f in report.findings if f.status in RECORDED and not f.waived_by
        )
        return cls(entries, created, tool)

    def to_json_text(self) -> str:
        document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "created": self.created.isoformat(),
            "tool": self.tool,
            "findings": [entry.to_json() for entry in sorted(self.entries)],
        }
        # One entry per line keeps a re-recorded baseline's diff readable in review.
        return json.dumps(document, indent=1, ensure_ascii=False) + "\n"

    @property
    def justification(self) -> str:
        return f"baseline {self.source or DEFAULT_BASELINE_FILE} (recorded {self.created})"


def read_baseline(path: Path) -> Baseline:
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"--baseline {label}: no such file; record one with "
            f"`sespolicy baseline PLAN --out {label}`"
        ) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise InputError(f"{label}: cannot read the baseline: {problem}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as problem:
        raise InputError(
            f"{label}: not valid JSON at line {problem.lineno} column {problem.colno}: "
            f"{problem.msg}"
        ) from None
    validate_file_document(document, SCHEMA_NAME, label)
    entries = frozenset(
        BaselineEntry(item["rule"], item["address"], item["status"], item["fingerprint"])
        for item in document["findings"]
    )
    return Baseline(
        entries, date.fromisoformat(document["created"]), document.get("tool", ""), label
    )


@dataclass(frozen=True)
class BaselineResult:
    report: Report
    known: int  # findings marked as known from the baseline
    fixed: tuple[BaselineEntry, ...]


def apply_baseline(report: Report, baseline: Baseline) -> BaselineResult:
    """Mark findings recorded in the baseline as known; note recorded ones that are gone."""
    findings = []
    seen: set[BaselineEntry] = set()
    known = 0
    for finding in report.findings:
        if finding.status in RECORDED:
            entry = BaselineEntry.of(finding)
            seen.add(entry)
            if entry in baseline.entries and not finding.waived_by:
                finding = replace(finding, waived_by=baseline.justification)
                known += 1
        findings.append(finding)
    # A rule this run did not evaluate (--rule, --skip-rule, --tags) cannot tell fixed.
    evaluated = {rule.rule_id for rule in report.rules}
    fixed = tuple(sorted(e for e in baseline.entries - seen if e.rule in evaluated))
    notes = report.notes + _fixed_notes(fixed, baseline)
    return BaselineResult(replace(report, findings=tuple(findings), notes=notes), known, fixed)


def _fixed_notes(fixed: Collection[BaselineEntry], baseline: Baseline) -> tuple[str, ...]:
    if not fixed:
        return ()
    source = baseline.source or DEFAULT_BASELINE_FILE
    listed: Iterable[BaselineEntry] = sorted(fixed)[:MAX_FIXED_NOTES]
    notes = [
        f"fixed since baseline {source}: {entry.rule} {entry.address} ({entry.status}) "
        "no longer occurs"
        for entry in listed
    ]
    if len(fixed) > MAX_FIXED_NOTES:
        notes.append(f"fixed since baseline {source}: {len(fixed) - MAX_FIXED_NOTES} more")
    notes.append(
        f"{len(fixed)} finding(s) of baseline {source} are fixed: re-record it with "
        "`sespolicy baseline` to keep them from coming back unnoticed"
    )
    return tuple(notes)
