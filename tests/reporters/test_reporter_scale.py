"""Every format at the CLI's design size (2,000 resources): complete output, figures printed.

No timing is asserted (machines differ); run with `-s` to see how long each format took.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from sespolicy.findings import Report, Status
from sespolicy.reporters import ReportOptions, get_reporter

RESOURCES = 2000
REGIONS = ("us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", None)


@pytest.fixture
def large_report(mixed_report: Report) -> Report:
    """2,000 receipt rules (count instances) built from the mixed report's findings:
    cross-Region failures, passes, unknowns and waived failures in equal parts."""
    base = mixed_report
    templates = sorted(
        (f for f in base.findings if f.status is not Status.NOT_APPLICABLE),
        key=lambda f: (f.status.value, f.waived_by or ""),
    )
    findings = []
    for index in range(RESOURCES):
        template = templates[index % len(templates)]
        related = tuple(
            replace(r, address=f"aws_sns_topic.t{index}", region=REGIONS[(index + 1) % 5])
            for r in template.related
        )
        findings.append(
            replace(
                template,
                address=f"aws_ses_receipt_rule.r[{index}]",
                region=REGIONS[index % 5],
                related=related,
            )
        )
    return Report(findings=tuple(findings), rules=base.rules, plans=base.plans)


@pytest.mark.parametrize("name", ["text", "json", "sarif", "junit", "github", "cucumber", "html"])
def test_format_renders_every_resource(name: str, large_report: Report) -> None:
    options = ReportOptions(tool_version="1", show_passed=True)
    reporter = get_reporter(name)
    started = time.perf_counter()
    output = reporter.render(large_report, options)
    elapsed = time.perf_counter() - started
    print(f"\n{name}: {RESOURCES} findings in {elapsed * 1000:.0f} ms, {len(output) / 1e6:.2f} MB")
    shown = sum(1 for i in range(RESOURCES) if f"aws_ses_receipt_rule.r[{i}]" in output)
    expected = RESOURCES
    if name == "json":  # waived findings are listed apart from the findings by contract
        document = json.loads(output)
        waived = sum(1 for f in large_report.findings if f.waived_by)
        assert len(document["findings"]) == RESOURCES - waived
        assert len(document["waived"]) == waived
    elif name == "github":  # passes are never annotated
        expected = sum(1 for f in large_report.findings if f.status is not Status.PASS)
    assert shown == expected
