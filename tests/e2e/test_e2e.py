"""End to end: Terraform configurations → real Terraform plan JSON → `sespolicy eval` / `graph`.

Three paths over every case in tests/e2e/configs:
  * fast: the committed plan in tests/fixtures/plans (written by scripts/regenerate_plans.py)
    through `sespolicy eval --format json`;
  * authentic: the configuration itself through `sespolicy plan`, which runs real Terraform with
    the generated plan-only provider (skipped locally without terraform, a failure in CI);
  * regions: `sespolicy graph --format json` gives the Region and provenance kind expected.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_cases import (
    ANY_FAMILY,
    PLANS_DIR,
    REPO_ROOT,
    RULE_FAMILIES,
    SOURCE_KINDS,
    Case,
    all_cases,
)

pytestmark = pytest.mark.slow  # real Terraform plans every configuration

CASES = all_cases()
REGION_CASES = [case for case in CASES if case.regions]
UNKNOWN_CASES = [case for case in CASES if any(allowed.required for allowed in case.unknown)]

# Anything from the developer's shell that could decide a Region or reach AWS stays out, so a
# provider block without a region is judged as unknown everywhere.
_SCRUBBED_ENVIRONMENT = ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")


def run_sespolicy(
    *arguments: str, timeout: float = 120, extra_environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in _SCRUBBED_ENVIRONMENT}
    environment["NO_COLOR"] = "1"
    environment.update(extra_environment or {})
    return subprocess.run(
        [sys.executable, "-m", "sespolicy", *arguments],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def parse_report(result: subprocess.CompletedProcess[str], command: str) -> dict:
    assert result.returncode in (0, 1), (
        f"{command} exited {result.returncode}: {result.stderr.strip()}"
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        pytest.fail(
            f"{command} exited {result.returncode} without a JSON report ({error}): "
            f"stdout {result.stdout[:300]!r}, stderr {result.stderr[-300:]!r}"
        )
    assert report.get("version") == 1, f"{command}: report version is {report.get('version')!r}"
    return report


def assert_verdicts(case: Case, report: dict, exit_code: int) -> None:
    """Every seeded violation fails, nothing else fails, unknowns only where allowed."""
    findings = report["findings"]
    failed = {(f["family"], f["address"]) for f in findings if f["status"] == "fail"}
    unknown = {(f["family"], f["address"]) for f in findings if f["status"] == "unknown"}

    missing = sorted(case.violations - failed)
    unexpected = sorted(failed - case.violations)
    assert not missing and not unexpected, (
        f"{case.name}: seeded violations not reported: {missing}; "
        f"failures nobody seeded: {unexpected}"
    )

    not_allowed = sorted(
        (family, address)
        for family, address in unknown
        if not any(allowed.matches(family, address) for allowed in case.unknown)
    )
    assert not not_allowed, f"{case.name}: unknown verdicts not listed as allowed: {not_allowed}"
    for allowed in case.unknown:
        if allowed.required:
            assert any(allowed.matches(f, a) for f, a in unknown), (
                f"{case.name}: expected an unknown verdict for {allowed.address} "
                f"({allowed.family}); got unknowns {sorted(unknown)}"
            )

    assert exit_code == case.exit_code, (
        f"{case.name}: exit code {exit_code}, expected {case.exit_code}"
    )


def module_resource_addresses(module: dict) -> set[str]:
    addresses = {resource["address"] for resource in module.get("resources", [])}
    for child in module.get("child_modules", []):
        addresses |= module_resource_addresses(child)
    return addresses


def plan_addresses(plan: dict) -> set[str]:
    """Managed resources (resource_changes) and data sources read at plan time (prior_state)."""
    addresses = {change["address"] for change in plan.get("resource_changes", [])}
    prior_root = ((plan.get("prior_state") or {}).get("values") or {}).get("root_module") or {}
    return addresses | module_resource_addresses(prior_root)


def directory_digest(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


# --- the cases themselves are well formed --------------------------------------------------


def test_every_rule_family_has_a_clean_and_a_violating_configuration() -> None:
    violated = {family for case in CASES for family, _ in case.violations}
    clean_cases = [case.name for case in CASES if not case.violations and case.exit_code == 0]
    assert clean_cases, "no clean configuration at all"
    assert set(RULE_FAMILIES) <= violated, (
        f"families with no violating configuration: {sorted(set(RULE_FAMILIES) - violated)}"
    )


def test_both_provider_modes_are_covered() -> None:
    assert {case.provider_mode for case in CASES} == {"v5", "v6"}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_expected_file_names_real_families_and_kinds(case: Case) -> None:
    for family, _ in case.violations:
        assert family in RULE_FAMILIES, f"{case.name}: unknown family {family}"
    for allowed in case.unknown:
        assert allowed.family == ANY_FAMILY or allowed.family in RULE_FAMILIES
    for address, expected in case.regions.items():
        assert expected.source_kind in SOURCE_KINDS, f"{case.name}: {address} kind"
    assert case.exit_code in (0, 1)
    assert case.provider_mode in ("v5", "v6")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_expected_addresses_exist_in_the_fixture_plan(case: Case) -> None:
    """A typo in expected.json would otherwise only show up as a confusing eval mismatch."""
    plan = json.loads(case.plan_path.read_text())
    addresses = plan_addresses(plan)
    named = (
        {address for _, address in case.violations}
        | {allowed.address for allowed in case.unknown}
        | set(case.regions)
    )
    assert named <= addresses, f"{case.name}: not in the plan: {sorted(named - addresses)}"


# --- fast path: committed plan JSON through sespolicy eval -----------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_eval_of_fixture_plan_reports_exactly_the_seeded_violations(case: Case) -> None:
    assert case.plan_path.is_file(), (
        f"{case.plan_path} is missing: run python3 scripts/regenerate_plans.py {case.name}"
    )
    result = run_sespolicy("eval", str(case.plan_path), "--format", "json", *case.source_options)
    report = parse_report(result, f"sespolicy eval {case.plan_path.name}")
    assert_verdicts(case, report, result.returncode)


@pytest.mark.parametrize("case", UNKNOWN_CASES, ids=lambda case: case.name)
def test_strict_eval_counts_the_required_unknowns_as_failures(case: Case) -> None:
    """Unknown is never a silent pass: with --strict the same plan must fail the gate."""
    result = run_sespolicy(
        "eval", str(case.plan_path), "--format", "json", "--strict", *case.source_options
    )
    parse_report(result, f"sespolicy eval --strict {case.plan_path.name}")
    assert result.returncode == 1, f"{case.name}: --strict exited {result.returncode}"


# --- authentic path: the configuration through real Terraform ---------------------------------


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_plan_of_configuration_with_real_terraform_matches(
    case: Case, terraform_binary: str
) -> None:
    before = directory_digest(case.config_dir)
    result = run_sespolicy("plan", str(case.config_dir), "--format", "json", timeout=300)
    report = parse_report(result, f"sespolicy plan {case.name}")
    assert_verdicts(case, report, result.returncode)
    assert directory_digest(case.config_dir) == before, (
        f"sespolicy plan changed files in {case.config_dir}"
    )


# --- regions: graph gives the Region and why -------------------------------------------------


def graph_nodes(plan_path: Path, *options: str, **environment: str) -> dict[str, dict]:
    result = run_sespolicy(
        "graph", str(plan_path), "--format", "json", *options, extra_environment=environment
    )
    assert result.returncode == 0, f"sespolicy graph exited {result.returncode}: {result.stderr}"
    return {node["address"]: node for node in json.loads(result.stdout)["nodes"]}


def region_and_kind(node: dict) -> tuple[str | None, str]:
    return node.get("region"), (node.get("region_source") or "").split(":", 1)[0]


@pytest.mark.parametrize("case", REGION_CASES, ids=lambda case: case.name)
def test_graph_gives_expected_region_and_provenance(case: Case) -> None:
    nodes = graph_nodes(case.plan_path, *case.source_options)
    wrong: list[str] = []
    for address, expected in case.regions.items():
        node = nodes.get(address)
        if node is None:
            wrong.append(f"{address}: not a graph node")
            continue
        source = node.get("region_source") or ""
        kind = source.split(":", 1)[0]
        if node.get("region") != expected.region or kind != expected.source_kind:
            wrong.append(
                f"{address}: got {node.get('region')!r} from {source!r}, expected "
                f"{expected.region!r} from {expected.source_kind}:…"
            )
    assert not wrong, f"{case.name}:\n  " + "\n  ".join(wrong)


# A provider without a region is filled from --region or the environment, named as such, while a
# literal ARN (which outranks both) keeps deciding for the resource it identifies.
NO_REGION_PLAN = PLANS_DIR / "region_no_provider_region.json"


def test_graph_region_flag_fills_a_provider_without_region() -> None:
    nodes = graph_nodes(NO_REGION_PLAN, "--region", "eu-central-1")
    assert region_and_kind(nodes["aws_ses_domain_identity.main"]) == ("eu-central-1", "default")
    assert region_and_kind(nodes["aws_sns_topic_policy.shared_feedback"]) == ("eu-west-1", "arn")


@pytest.mark.parametrize("variable", ["AWS_REGION", "AWS_DEFAULT_REGION"])
def test_graph_environment_fills_a_provider_without_region(variable: str) -> None:
    nodes = graph_nodes(NO_REGION_PLAN, **{variable: "ap-southeast-1"})
    assert region_and_kind(nodes["aws_ses_domain_dkim.main"]) == ("ap-southeast-1", "environment")
    assert region_and_kind(nodes["aws_sns_topic_policy.shared_feedback"]) == ("eu-west-1", "arn")


def test_graph_environment_does_not_override_a_configured_provider() -> None:
    nodes = graph_nodes(PLANS_DIR / "region_provider_aliases.json", AWS_REGION="sa-east-1")
    assert region_and_kind(nodes["aws_ses_domain_identity.eu"]) == ("eu-west-1", "provider")
