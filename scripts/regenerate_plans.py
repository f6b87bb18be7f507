#!/usr/bin/env python3
"""Regenerate tests/fixtures/plans/<case>.json from the configurations in tests/e2e/configs.

Each configuration is planned by the real `terraform` binary against the plan-only hashicorp/aws
provider that `sespolicy provider generate` writes, so the fixture JSON is Terraform's own
output, not an imitation of it. Usage:

    python3 scripts/regenerate_plans.py                 # every case
    python3 scripts/regenerate_plans.py dkim_clean ...  # only these cases
    python3 scripts/regenerate_plans.py --check         # fail if a committed fixture is stale

By default each case goes through `sespolicy plan DIR --out FILE`, the product's own path.
`--driver terraform` instead runs terraform init/plan/show here against a freshly generated
provider; both give byte-identical fixtures, and the second is a way to tell a problem in
`sespolicy plan` from one in the provider or the configuration.

Only Terraform's run-to-run noise is normalised, so regenerating an unchanged configuration gives
an unchanged file: the `timestamp` (set to a fixed value), the order of `relevant_attributes` and
the order of sibling `child_modules` (Terraform emits both in a different order on some runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CONFIGS_DIR = REPO_ROOT / "tests" / "e2e" / "configs"
PLANS_DIR = REPO_ROOT / "tests" / "fixtures" / "plans"

FIXED_TIMESTAMP = "2026-01-01T00:00:00Z"
PROVIDER_MODES = ("v6", "v5")

# Variables that would leak the machine's own AWS setup into a plan: a provider block without a
# region must stay without one, whatever the developer's shell says.
AWS_ENVIRONMENT = (
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
)

# Files of an earlier local `terraform init` that must not travel into the temporary copy.
IGNORED_IN_COPY = shutil.ignore_patterns(
    ".terraform", ".terraform.lock.hcl", "terraform.tfstate*", "tfplan", "expected.json"
)

_V5_CONSTRAINT = re.compile(r'version\s*=\s*"[~>=\s]*5\.')


class RegenerationError(Exception):
    """A case could not be planned; the message says which step failed and why."""


@dataclass(frozen=True)
class Case:
    name: str
    directory: Path
    provider_mode: str

    @property
    def plan_path(self) -> Path:
        return PLANS_DIR / f"{self.name}.json"


def provider_mode_of(directory: Path) -> str:
    """The provider mode a case asks for: expected.json first, else its version constraint."""
    expected = directory / "expected.json"
    if expected.is_file():
        mode = json.loads(expected.read_text()).get("provider_mode")
        if mode in PROVIDER_MODES:
            return mode
    for tf_file in directory.rglob("*.tf"):
        if _V5_CONSTRAINT.search(tf_file.read_text()):
            return "v5"
    return "v6"


def discover_cases(names: Sequence[str]) -> list[Case]:
    available = {path.name: path for path in sorted(CONFIGS_DIR.iterdir()) if path.is_dir()}
    unknown = [name for name in names if name not in available]
    if unknown:
        raise RegenerationError(
            f"no configuration named {', '.join(unknown)} in {CONFIGS_DIR} "
            f"(available: {', '.join(available)})"
        )
    chosen = names or list(available)
    return [Case(name, available[name], provider_mode_of(available[name])) for name in chosen]


def terraform_environment(cli_config: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key not in AWS_ENVIRONMENT}
    environment.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
    )
    environment.pop("TF_DATA_DIR", None)
    return environment


def run(command: Sequence[str], cwd: Path, environment: dict[str, str], step: str) -> str:
    completed = subprocess.run(
        list(command), cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        last_lines = " | ".join(line.strip() for line in detail[-6:] if line.strip())
        raise RegenerationError(f"{step} failed (exit {completed.returncode}): {last_lines}")
    return completed.stdout


def generate_provider(mode: str, plugin_dir: Path) -> None:
    """Write the plan-only provider for one mode; reused by every case of that mode."""
    run(
        [sys.executable, "-m", "sespolicy", "provider", "generate", "--mode", mode,
         "--out", str(plugin_dir)],
        cwd=REPO_ROOT,
        environment=dict(os.environ),
        step=f"sespolicy provider generate --mode {mode}",
    )


def sort_child_modules(module: dict) -> None:
    children = module.get("child_modules")
    if isinstance(children, list):
        children.sort(key=lambda child: str(child.get("address", "")))
        for child in children:
            sort_child_modules(child)


def normalise(plan: dict) -> dict:
    """Remove the run-to-run noise from Terraform's plan JSON (see the module docstring)."""
    if "timestamp" in plan:
        plan["timestamp"] = FIXED_TIMESTAMP
    relevant = plan.get("relevant_attributes")
    if isinstance(relevant, list):
        relevant.sort(key=lambda item: json.dumps(item, sort_keys=True))
    module_trees = (
        (plan.get("planned_values") or {}).get("root_module"),
        ((plan.get("prior_state") or {}).get("values") or {}).get("root_module"),
    )
    for root_module in module_trees:
        if isinstance(root_module, dict):
            sort_child_modules(root_module)
    return plan


def read_plan(case: Case, text: str) -> dict:
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as error:
        raise RegenerationError(f"{case.name}: the plan is not JSON ({error})") from error
    if plan.get("errored"):
        raise RegenerationError(f"{case.name}: Terraform marked the plan as errored")
    return normalise(plan)


def plan_case_with_sespolicy(case: Case, terraform: str, work_root: Path) -> dict:
    """`sespolicy plan` copies the configuration itself and leaves it untouched."""
    plan_file = work_root / f"{case.name}.json"
    command = [sys.executable, "-m", "sespolicy", "plan", str(case.directory),
               "--terraform", terraform, "--out", str(plan_file), "--format", "json"]
    environment = {k: v for k, v in os.environ.items() if k not in AWS_ENVIRONMENT}
    completed = subprocess.run(command, cwd=REPO_ROOT, env=environment, capture_output=True,
                               text=True, check=False)
    # 0 and 1 are evaluation verdicts (clean / violations): both mean the plan was written.
    if completed.returncode not in (0, 1) or not plan_file.is_file():
        detail = " | ".join(completed.stderr.strip().splitlines()[-6:])
        raise RegenerationError(
            f"{case.name}: sespolicy plan failed (exit {completed.returncode}): {detail}"
        )
    return read_plan(case, plan_file.read_text())


def plan_case_with_terraform(case: Case, plugin_dir: Path, terraform: str,
                             work_root: Path) -> dict:
    work_dir = work_root / case.name
    shutil.copytree(case.directory, work_dir, ignore=IGNORED_IN_COPY)
    cli_config = work_root / "terraformrc"
    cli_config.write_text("# isolated CLI configuration for offline fixture plans\n")
    environment = terraform_environment(cli_config)
    run([terraform, "init", "-input=false", "-no-color", f"-plugin-dir={plugin_dir}"],
        work_dir, environment, f"{case.name}: terraform init")
    run([terraform, "plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan"],
        work_dir, environment, f"{case.name}: terraform plan")
    shown = run([terraform, "show", "-json", "-no-color", "tfplan"],
                work_dir, environment, f"{case.name}: terraform show -json")
    return read_plan(case, shown)


def render(plan: dict) -> str:
    return json.dumps(plan, indent=2, ensure_ascii=False) + "\n"


def regenerate(cases: Iterable[Case], terraform: str, driver: str, check: bool) -> list[str]:
    """Plan every case; write (or, with check, compare) its fixture. Returns stale case names."""
    stale: list[str] = []
    with tempfile.TemporaryDirectory(prefix="sespolicy-fixtures-") as scratch:
        scratch_dir = Path(scratch)
        plugin_dirs: dict[str, Path] = {}
        for case in cases:
            if driver == "sespolicy":
                plan = plan_case_with_sespolicy(case, terraform, scratch_dir)
            else:
                if case.provider_mode not in plugin_dirs:
                    plugin_dirs[case.provider_mode] = scratch_dir / f"plugins-{case.provider_mode}"
                    generate_provider(case.provider_mode, plugin_dirs[case.provider_mode])
                plan = plan_case_with_terraform(
                    case, plugin_dirs[case.provider_mode], terraform, scratch_dir
                )
            text = render(plan)
            current = case.plan_path.read_text() if case.plan_path.is_file() else None
            if check:
                if current != text:
                    stale.append(case.name)
                print(f"{'stale' if current != text else 'ok':>7}  {case.name}")
                continue
            case.plan_path.parent.mkdir(parents=True, exist_ok=True)
            case.plan_path.write_text(text)
            status = "same" if current == text else "written"
            print(f"{status:>7}  {case.name} ({case.provider_mode})")
    return stale


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="configuration names (default: all)")
    parser.add_argument("--terraform", default=os.environ.get("TERRAFORM", "terraform"),
                        help="terraform (or tofu) executable (default: $TERRAFORM or terraform)")
    parser.add_argument("--driver", choices=("sespolicy", "terraform"), default="sespolicy",
                        help="sespolicy: `sespolicy plan --out` (default); terraform: run "
                        "terraform init/plan/show here with a freshly generated provider")
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed fixtures instead of writing them")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    if shutil.which(arguments.terraform) is None:
        print(f"regenerate_plans: error: '{arguments.terraform}' is not on PATH; install "
              "Terraform >= 1.5 or pass --terraform PATH", file=sys.stderr)
        return 2
    try:
        stale = regenerate(discover_cases(arguments.cases), arguments.terraform,
                           arguments.driver, arguments.check)
    except RegenerationError as error:
        print(f"regenerate_plans: error: {error}", file=sys.stderr)
        return 2
    if stale:
        print(f"regenerate_plans: {len(stale)} fixture(s) out of date: {', '.join(stale)}; "
              "run python3 scripts/regenerate_plans.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
