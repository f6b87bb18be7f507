"""The html format: one self-contained page, read back with html.parser and a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sespolicy.findings import Report
from sespolicy.reporters import ReportOptions, get_reporter

HTML_VOID_ELEMENTS = {"meta", "br", "input", "link", "img", "hr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


class PageReader(HTMLParser):
    """Collects every element with its attributes and the text directly or deeply inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.external_references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        for name in ("src", "href"):
            # In-page anchors (#rule-…) load nothing; anything else would.
            if name in element.attrs and not element.attrs[name].startswith("#"):
                self.external_references.append(element.attrs[name])
        if tag not in HTML_VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <rect/> in SVG: an element that opens and closes at once.
        self.handle_starttag(tag, attrs)
        if tag not in HTML_VOID_ELEMENTS:
            self.open.pop()

    def handle_endtag(self, tag: str) -> None:
        if any(element.tag == tag for element in self.open):
            while self.open.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.elements
            if element.tag == tag
            and all(element.attrs.get(name) == value for name, value in wanted.items())
        ]


def read(report: Report, options: ReportOptions) -> PageReader:
    reader = PageReader()
    reader.feed(get_reporter("html").render(report, options))
    reader.close()
    return reader


def text_of(element: Element) -> str:
    return "".join(element.text)


def test_plan_identity_is_shown(mixed_report: Report, options: ReportOptions) -> None:
    page = read(mixed_report, options)
    (section,) = page.find("section", id="plans")
    plan = mixed_report.plans[0]
    for value in (plan.terraform_version, plan.timestamp, plan.sha256, plan.source):
        assert value in text_of(section)


def test_every_rule_with_gherkin_and_verdict(mixed_report: Report, options: ReportOptions) -> None:
    page = read(mixed_report, options)
    verdicts = {a.attrs["data-rule"]: a.attrs["data-verdict"] for a in page.find("article")}
    assert verdicts == {
        "SES-DKIM-001": "waived",
        "SES-NOTIF-001": "unknown",
        "SES-RECV-001": "fail",
        "SES-RECV-003": "pass",
        "SES-SMTP-001": "not_applicable",
    }
    (receipt,) = page.find("article", data_rule="SES-RECV-001")
    assert "Then each target is in the same Region as the receipt rule" in text_of(receipt)
    (dkim,) = page.find("article", data_rule="SES-DKIM-001")
    assert "WAIVED" in text_of(dkim)


def test_rules_read_failures_first_then_unknown_waived_passed_and_not_applicable_last(
    mixed_report: Report, options: ReportOptions
) -> None:
    page = read(mixed_report, options)
    order = [a.attrs["data-verdict"] for a in page.find("article")]
    assert order == ["fail", "unknown", "waived", "pass", "not_applicable"]
    # Not-applicable rules are folded away behind one line.
    (folded,) = page.find("details", **{"class": "not-applicable"})
    assert "open" not in folded.attrs
    assert "1 rule selected no resource" in text_of(folded)
    shown = read(mixed_report, replace(options, show_not_applicable=True))
    assert "open" in shown.find("details", **{"class": "not-applicable"})[0].attrs


def test_addresses_break_only_between_their_parts(
    mixed_report: Report, options: ReportOptions
) -> None:
    html = get_reporter("html").render(mixed_report, options)
    assert (
        '<span class="part">module.</span><wbr><span class="part">mail[&quot;bounces&quot;].'
        '</span><wbr><span class="part">aws_ses_identity_notification_topic.</span><wbr>'
        '<span class="part">bounce</span>'
    ) in html
    assert "overflow-wrap: anywhere" not in html and "break-all" not in html


def test_every_finding_is_a_row_passes_hidden_by_default(
    mixed_report: Report, options: ReportOptions, options_show_passed: ReportOptions
) -> None:
    rows = read(mixed_report, options).find("tr", **{"class": "finding"})
    assert sorted((r.attrs["data-rule"], r.attrs["data-status"]) for r in rows) == [
        ("SES-DKIM-001", "waived"),
        ("SES-NOTIF-001", "unknown"),
        ("SES-RECV-001", "fail"),
        ("SES-RECV-001", "pass"),
        ("SES-RECV-003", "pass"),
    ]
    assert {r.attrs["data-status"] for r in rows if "hidden" in r.attrs} == {"pass"}
    shown = read(mixed_report, options_show_passed).find("tr", **{"class": "finding"})
    assert not any("hidden" in r.attrs for r in shown)


def test_failure_row_names_region_provenance_and_related(
    mixed_report: Report, options: ReportOptions
) -> None:
    (row,) = read(mixed_report, options).find("tr", data_status="fail")
    text = text_of(row)
    assert row.attrs["data-address"] == "aws_ses_receipt_rule.store"
    assert 'provider aws.east (region = "us-east-1")' in text
    assert "aws_sns_topic.inbound via sns_action[0].topic_arn (Region: eu-west-1)" in text
    assert "infra/receiving.tf:12" in text


def test_waivers_and_summary(mixed_report: Report, options: ReportOptions) -> None:
    page = read(mixed_report, options)
    (waiver,) = page.find("tr", **{"class": "waiver"})
    assert "DKIM for the replica is managed by the DNS team (CHG-4211)" in text_of(waiver)
    counts = {
        card.attrs["data-count"]: text_of(card).split(card.attrs["data-count"])[0]
        for card in page.find("div", **{"class": "card"})
    }
    assert counts == {
        "rules": "5", "passed": "1", "failed": "1", "unknown": "1",
        "not applicable": "1", "waived": "1",
    }


def test_region_picture_boxes_and_red_cross_region_edge(
    mixed_report: Report, options: ReportOptions
) -> None:
    page = read(mixed_report, options)
    regions = {group.attrs["data-region"] for group in page.find("g", **{"class": "region"})}
    assert regions == {"eu-west-1", "no Region (global or unknown)", "us-east-1", "us-west-2"}
    (us_east,) = page.find("g", data_region="us-east-1")
    assert "aws_ses_receipt_rule.store" in text_of(us_east)
    (edge,) = page.find("path", **{"class": "broken-edge"})
    assert (edge.attrs["data-from"], edge.attrs["data-to"]) == (
        "aws_ses_receipt_rule.store",
        "aws_sns_topic.inbound",
    )
    assert edge.attrs["stroke"] == "#d1242f"
    # The unknown's related topic is in another Region, but an unknown Region breaks nothing.
    assert not page.find("path", data_from=mixed_report.findings[2].address)


def test_user_data_is_escaped(hostile_text_report: Report, options: ReportOptions) -> None:
    html = get_reporter("html").render(hostile_text_report, options)
    assert "<script>alert(1)</script>" not in html
    assert "<b>a,b:c</b>" not in html
    assert "</text><script>x</script>" not in html
    page = read(hostile_text_report, options)
    assert [element.tag for element in page.elements].count("script") == 1
    (row,) = page.find("tr", data_status="fail")
    finding = hostile_text_report.findings[0]
    assert row.attrs["data-address"] == finding.address
    assert "<script>alert(1)</script>" in text_of(row)


def test_page_is_self_contained(mixed_report: Report, options: ReportOptions) -> None:
    page = read(mixed_report, options)
    assert page.external_references == []
    (policy,) = page.find("meta", http_equiv="Content-Security-Policy")
    assert "default-src 'none'" in policy.attrs["content"]
    html = get_reporter("html").render(mixed_report, options)
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html)


def test_empty_plan_still_renders(empty_report: Report, options: ReportOptions) -> None:
    page = read(empty_report, options)
    assert len(page.find("article")) == 2
    assert not page.find("svg")


# --- a real browser -----------------------------------------------------------------------

CONSOLE_LINE = re.compile(r":CONSOLE[(:]")


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (Debian package: chromium)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return found


def dump_dom(chromium: str, page: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_browser_renders_findings_without_console_errors(
    chromium: str, mixed_report: Report, options: ReportOptions, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_text(get_reporter("html").render(mixed_report, options), encoding="utf-8")
    completed = dump_dom(chromium, page, tmp_path / "profile")
    assert completed.returncode == 0, completed.stderr[-2000:]
    dom = completed.stdout
    assert 'data-ready="true"' in dom  # the script ran to its end
    assert re.search(r'id="shown-count">3<', dom)  # fail, unknown, waived; passes hidden
    for finding in mixed_report.findings:
        assert f'data-address="{finding.address.replace(chr(34), "&quot;")}"' in dom
    console = [line for line in completed.stderr.splitlines() if CONSOLE_LINE.search(line)]
    assert console == []


def test_browser_would_report_a_broken_page(chromium: str, tmp_path: Path) -> None:
    # Proof that the console check above can fail: the same run on a page with an error.
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>notDefined();</script>", encoding="utf-8")
    completed = dump_dom(chromium, page, tmp_path / "profile")
    assert any(CONSOLE_LINE.search(line) for line in completed.stderr.splitlines())


# --- read in order of action, in a real browser ----------------------------------------------

PLANS = Path(__file__).resolve().parents[1] / "fixtures" / "plans"

# Appended to the page in the test only: measures the layout and leaves the figures on <body>.
LAYOUT_PROBE = """<script>
(function () {
  var first = document.querySelector('article.rule[data-verdict="fail"]');
  var wrapped = 0, broken = 0, parts = 0;
  document.querySelectorAll(".address").forEach(function (address) {
    if (address.getClientRects().length > 1) { wrapped += 1; }
  });
  document.querySelectorAll(".address .part").forEach(function (part) {
    parts += 1;
    if (part.getClientRects().length > 1) { broken += 1; }
  });
  document.body.setAttribute("data-probe", JSON.stringify({
    firstFailureTop: first ? first.getBoundingClientRect().top + window.scrollY : null,
    width: window.innerWidth, wrapped: wrapped, broken: broken, parts: parts
  }));
})();
</script></body>"""


def _layout(chromium: str, html: str, tmp_path: Path, width: int) -> dict:
    import html as html_module
    import json

    page = tmp_path / f"report-{width}.html"
    page.write_text(html.replace("</body>", LAYOUT_PROBE), encoding="utf-8")
    completed = subprocess.run(
        [
            chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={tmp_path / f'profile-{width}'}",
            f"--window-size={width},1000", "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', completed.stdout)
    assert found is not None, completed.stdout[-2000:]
    return json.loads(html_module.unescape(found.group(1)))


def _real_report_html() -> str:
    """The html report of a real plan: 4 failed rules among ~35 that selected nothing."""
    import contextlib
    import io

    from sespolicy.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["eval", str(PLANS / "recv_cross_region_targets.json"), "--format", "html"])
    return out.getvalue()


def test_browser_shows_the_first_failure_in_the_first_1000_pixels(
    chromium: str, tmp_path: Path
) -> None:
    html = _real_report_html()
    assert html.count('data-verdict="not_applicable"') > 20  # the case the issue describes
    layout = _layout(chromium, html, tmp_path, 1300)
    assert layout["width"] == 1300
    assert layout["firstFailureTop"] is not None and layout["firstFailureTop"] < 1000


def test_browser_never_breaks_an_address_inside_a_name(chromium: str, tmp_path: Path) -> None:
    # A narrow window makes long addresses wrap; they may wrap only between their parts.
    layout = _layout(chromium, _real_report_html(), tmp_path, 420)
    assert layout["parts"] > 0 and layout["wrapped"] > 0
    assert layout["broken"] == 0
