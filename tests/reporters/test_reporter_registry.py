"""The name registry: lazy imports, clear errors, plug-in registration."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sespolicy.errors import UsageError
from sespolicy.findings import Report
from sespolicy.reporters import (
    ReportOptions,
    get_reporter,
    register_reporter,
    reporter_names,
)

BUILTIN_FORMATS = ["text", "json", "sarif", "junit", "github", "cucumber", "html"]


def test_every_builtin_format_is_listed_and_loads() -> None:
    assert reporter_names()[: len(BUILTIN_FORMATS)] == BUILTIN_FORMATS
    for name in BUILTIN_FORMATS:
        reporter = get_reporter(name)
        assert reporter.name == name
        assert reporter.description


@pytest.mark.parametrize("name", BUILTIN_FORMATS)
def test_every_format_renders_the_mixed_report(
    name: str, mixed_report: Report, options: ReportOptions
) -> None:
    output = get_reporter(name).render(mixed_report, options)
    assert "aws_ses_receipt_rule.store" in output


def test_unknown_format_is_a_usage_error_naming_the_known_ones() -> None:
    with pytest.raises(UsageError) as problem:
        get_reporter("yaml")
    message = str(problem.value)
    assert "'yaml'" in message
    for name in BUILTIN_FORMATS:
        assert name in message
    assert "\n" not in message


def test_plugin_registered_by_decorator_is_found(mixed_report: Report) -> None:
    @register_reporter("count-for-test")
    def render_count(report: Report, options: ReportOptions) -> str:
        """Number of findings."""
        return str(len(report.findings))

    reporter = get_reporter("count-for-test")
    assert reporter.render(mixed_report, ReportOptions(tool_version="1")) == "5"
    assert reporter.description == "Number of findings."
    assert "count-for-test" in reporter_names()


def test_importing_the_package_loads_no_format_machinery() -> None:
    # A fresh interpreter: what `sespolicy eval` pays before it picks a format.
    probe = (
        "import sys, sespolicy.reporters as r; "
        "heavy = [m for m in ('xml.etree.ElementTree', 'html.parser', 'xml.dom.minidom', "
        "'sespolicy.reporters.html', 'sespolicy.reporters.junit', 'sespolicy.reporters.sarif') "
        "if m in sys.modules]; print(heavy)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"


def test_options_take_tool_version_by_keyword_with_documented_defaults() -> None:
    options = ReportOptions(tool_version="1.2.3")
    assert (options.show_passed, options.color, options.strict) == (False, False, False)
    assert options.fail_on.value == "low"
    with pytest.raises(TypeError):
        ReportOptions("1.2.3")  # type: ignore[misc]
