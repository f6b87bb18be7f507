"""Plan real public Terraform roots with `sespolicy plan`; print `N/M roots planned offline`.

Usage:
    python benchmarks/bench_plan_roots.py [--mirror DIR] [--workdir DIR] [--only ID ...]
                                          [--terraform PATH] [--roots FILE] [--verbose]

The roots are the examples, module roots and environment folders of public SES modules (see
ROOTS: repository, pinned commit, folder). Each repository is taken, at its commit, from a
local mirror when `--mirror` names one (a folder of `<owner>+<name>/repo` git directories, as
the `fetch` tool leaves them under /work/.mirror), else cloned from GitHub; nothing of their
code is kept in this repository. Variables come from `benchmarks/roots/<id>.tfvars`, written
for this benchmark. A root's provider configurations without a Region get the root's `region`,
as `sespolicy plan --region` would give them.

M counts the roots whose `required_version` the installed Terraform satisfies; the others are
listed apart. For every root that does not plan, the reason is printed, and the blockers are
tallied (providers no twin serves, types the aws twin does not serve, remote modules, …) so the
figure can be measured again as twins grow.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.errors import SespolicyError
from sespolicy.provider.configscan import inspect_configuration
from sespolicy.provider.constraints import parse_version, satisfies
from sespolicy.provider.planrun import PlanRequest, find_terraform, run_plan
from sespolicy.provider.sources import short_address
from sespolicy.provider.twins import plan_twins

TFVARS_DIR = Path(__file__).resolve().parent / "roots"


@dataclass(frozen=True)
class Root:
    id: str
    repo: str  # owner/name on GitHub
    commit: str
    path: str = "."
    region: str = "eu-west-1"


def _roots(repo: str, commit: str, *entries: tuple[str, str] | tuple[str, str, str]) -> list[Root]:
    return [Root(entry[0], repo, commit, *entry[1:]) for entry in entries]


ROOTS: list[Root] = [
    *_roots(
        "alemuro/terraform-aws-ses-email-forwarding",
        "0c6ebc2fac8600fbd3fd83a3c6bfc08af79ce0e9",
        ("alemuro-ses-email-forwarding", "."),
    ),
    *_roots(
        "babbel/terraform-aws-ses-sending-domain",
        "3682321ced8c8cf77574d4b8acb4c8d443ba3c5a",
        ("babbel-ses-sending-domain", "."),
        ("babbel-ses-sending-domain-test", "_test"),
    ),
    *_roots(
        "benyap/terraform-aws-modules",
        "0fd2a6d241daaa511b0d72a0efdb0b6cc2a36465",
        ("benyap-ses-domain-identity", "ses-domain-identity"),
        ("benyap-ses-mail-bouncer", "ses-mail-bouncer"),
        ("benyap-ses-mail-bucket", "ses-mail-bucket"),
        ("benyap-ses-mail-forwarder-lambda-v2", "ses-mail-forwarder-lambda-v2"),
        ("benyap-ses-mail-service-user", "ses-mail-service-user"),
        ("benyap-ses-receipt-rule-set", "ses-receipt-rule-set"),
        ("benyap-ses-service-user", "ses-service-user"),
    ),
    *_roots(
        "cisagov/domain-manager-cicd",
        "249857769eb6ecef3b1392362abce90f0b644a23",
        ("cisagov-domain-manager-cool", "cool", "us-east-1"),
        ("cisagov-domain-manager-sandbox", "sandbox", "us-east-1"),
    ),
    *_roots(
        "cloudposse/terraform-aws-ses",
        "569f84b6dc67ca9fbfcda61b2d7dca641da1928d",
        ("cloudposse-ses", "."),
        ("cloudposse-ses-complete", "examples/complete", "us-east-2"),
    ),
    *_roots(
        "cloudposse/terraform-aws-ses-lambda-forwarder",
        "9ed84ae6941c0ea42272ecc2b738cb910fb64e1b",
        ("cloudposse-ses-lambda-forwarder", ".", "us-west-2"),
        ("cloudposse-ses-lambda-forwarder-complete", "examples/complete", "us-west-2"),
    ),
    *_roots(
        "DNXLabs/terraform-aws-ses",
        "7427dffb85ea60baa1f79a05d5aa23fc6778c79b",
        ("dnxlabs-ses", "."),
    ),
    *_roots(
        "dwp/terraform-aws-ses-notification-service",
        "9bb9bddb56a444f96c6b55513d132d5f9699790f",
        ("dwp-ses-notification-service", ".", "eu-west-2"),
        ("dwp-ses-notification-service-example", "example", "eu-west-2"),
    ),
    *_roots(
        "Flaconi/terraform-aws-ses",
        "bf4bd751e9659a491f5fd3c86b699d6b08e281dc",
        ("flaconi-ses", "."),
    ),
    *_roots(
        "infrablocks/terraform-aws-ses",
        "16fcee7ce6e96b88fd91f834be50caee37a113bd",
        ("infrablocks-ses", ".", "eu-west-2"),
        ("infrablocks-ses-full", "examples/full", "eu-west-2"),
        ("infrablocks-ses-spec-root", "spec/unit/infra/root", "eu-west-2"),
    ),
    *_roots(
        "LouisBrunner/terraform-aws-ses-forwarder",
        "458aa3c23446012444cdaff2ffdeff21e32683bc",
        ("louisbrunner-ses-forwarder", "."),
    ),
    *_roots(
        "navapbc/template-infra",
        "8b7bc3899c3a9ab1b3441330d72993cd34d21f70",
        (
            "navapbc-notifications-email-domain",
            "infra/modules/notifications-email-domain/resources",
            "us-east-1",
        ),
        ("navapbc-notifications", "infra/modules/notifications/resources", "us-east-1"),
    ),
    *_roots(
        "oozou/terraform-aws-ses",
        "9c0c69136b52f1b06db6ed8c7438d72ae845a1d2",
        ("oozou-ses", ".", "ap-southeast-1"),
        ("oozou-ses-domain-verification", "examples/domain-verification", "ap-southeast-1"),
        ("oozou-ses-email-verification", "examples/email-verification", "ap-southeast-1"),
        ("oozou-ses-terraform-test", "examples/terraform-test", "ap-southeast-1"),
    ),
    *_roots(
        "schubergphilis/terraform-aws-mcaf-ses",
        "59a52dc682f1d994c6c7959b33f696baf7b2c82e",
        ("schubergphilis-mcaf-ses", "."),
        ("schubergphilis-mcaf-ses-basic", "examples/basic"),
        ("schubergphilis-mcaf-ses-smtp-user", "examples/smtp_user"),
    ),
    *_roots(
        "schubergphilis/terraform-aws-mcaf-ses-forwarder",
        "e617278c0b6859655d0c7bd24ef52dd23454c538",
        ("schubergphilis-mcaf-ses-forwarder", "."),
        ("schubergphilis-mcaf-ses-forwarder-basic", "examples/basic"),
    ),
    *_roots(
        "skeggse/terraform-aws-ses-to-gmail",
        "54c8afa59bfe5b3240ecc73972de546ba7f7f719",
        ("skeggse-ses-to-gmail", ".", "us-west-2"),
    ),
    *_roots(
        "trade-tariff/trade-tariff-platform-aws-terraform",
        "012bba3671418b4713114755c86abe583828b0bc",
        ("trade-tariff-ses", "modules/ses", "eu-west-2"),
        ("trade-tariff-development-common", "environments/development/common", "eu-west-2"),
    ),
    *_roots(
        "trussworks/terraform-aws-ses-domain",
        "b810d38847a1c6fd05ab2bd3fd78b8c7c4dfe78e",
        ("trussworks-ses-domain", ".", "us-west-2"),
        ("trussworks-ses-domain-simple", "examples/simple", "us-west-2"),
    ),
    *_roots(
        "umotif-public/terraform-aws-ses-domain",
        "4218fa2990eb8c459f9517d30094bebba45a0190",
        ("umotif-ses-domain", "."),
        ("umotif-ses-domain-core", "examples/core"),
        ("umotif-ses-domain-multi-regional", "examples/multi-regional"),
    ),
]


@dataclass
class Outcome:
    root: Root
    status: str  # "planned", "blocked" or "excluded"
    seconds: float = 0.0
    resources: int = 0
    reason: str = ""
    blockers: list[str] = field(default_factory=list)  # tallied across roots


# Fetching -------------------------------------------------------------------------------


def _mirror_git_dir(mirror: Path, repo: str) -> Path | None:
    base = mirror / repo.replace("/", "+") / "repo"
    for candidate in (base / ".git", base):
        if (candidate / "HEAD").is_file():
            return candidate
    return None


def checkout(repo: str, commit: str, workdir: Path, mirror: Path | None) -> Path:
    """The repository's tree at `commit`, extracted once into `workdir`."""
    destination = workdir / f"{repo.replace('/', '+')}@{commit[:12]}"
    if destination.is_dir():
        return destination
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=workdir))
    git_dir = _mirror_git_dir(mirror, repo) if mirror is not None else None
    if git_dir is not None:
        archive = subprocess.run(
            ["git", f"--git-dir={git_dir}", "archive", commit], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
    else:
        url = f"https://github.com/{repo}.git"
        for args in (
            ["init", "-q"],
            ["fetch", "-q", "--depth", "1", url, commit],
            ["checkout", "-q", "FETCH_HEAD"],
        ):
            subprocess.run(["git", "-C", str(partial), *args], check=True, capture_output=True)
        shutil.rmtree(partial / ".git")
    partial.rename(destination)
    return destination


# Planning -------------------------------------------------------------------------------


def terraform_version(binary: str) -> str:
    output = subprocess.run([binary, "version", "-json"], check=True, capture_output=True).stdout
    return json.loads(output)["terraform_version"]


def blockers_of(config_dir: Path) -> list[str]:
    """What stops the offline plan before Terraform runs, one entry per provider/type/module."""
    facts = inspect_configuration(config_dir)
    twins = plan_twins(facts)
    found = [f"provider {short_address(source)}" for source in twins.unavailable]
    for problem in twins.problems:
        pinned = re.search(r"configuration's (\S+) version constraints \(([^)]*)\)", problem)
        found.append(f"{pinned.group(1)} pinned {pinned.group(2)}" if pinned else problem[:80])
    for twin in twins.chosen:
        found += sorted(
            {
                f"{use.kind} {use.type_name}"
                for use in facts.type_uses
                if use.provider == twin.source and not twin.serves(use.kind, use.type_name)
            }
        )
    if facts.missing_modules:
        found.append("remote module sources (no module cache)")
    return found


def plan_root(root: Root, tree: Path, binary: str, installed: str, tfvars_dir: Path) -> Outcome:
    config_dir = tree / root.path
    facts = inspect_configuration(config_dir)
    version = parse_version(installed)
    excluded = [
        r.constraint
        for r in facts.terraform_requirements
        if version is not None and not satisfies(version, r.constraint, "Terraform")
    ]
    if excluded:
        reason = f"requires Terraform {', '.join(sorted(set(excluded)))}; installed {installed}"
        return Outcome(root, "excluded", reason=reason)
    tfvars = tfvars_dir / f"{root.id}.tfvars"
    request = PlanRequest(
        config_dir=config_dir,
        terraform=binary,
        var_files=[tfvars] if tfvars.is_file() else [],
        default_region=root.region,
    )
    started = time.perf_counter()
    try:
        plan = json.loads(run_plan(request).plan_json)
    except SespolicyError as problem:
        seconds = time.perf_counter() - started
        blockers = blockers_of(config_dir) or ["terraform: " + _short_reason(str(problem))]
        return Outcome(root, "blocked", seconds, reason=str(problem), blockers=blockers)
    seconds = time.perf_counter() - started
    return Outcome(root, "planned", seconds, resources=len(plan.get("resource_changes", [])))


def _short_reason(message: str) -> str:
    """The kind of a Terraform failure, for the tally (the full message is printed per root)."""
    after = message.split(": ", 1)[-1]
    return after.split(" (")[0].split(":")[0][:80]


# Report ---------------------------------------------------------------------------------


_MAX_WHY_CHARS = 150
_MAX_TALLY_LINES = 15


def _why(outcome: Outcome, verbose: bool) -> str:
    if outcome.status == "planned":
        return f"{outcome.resources} resource changes"
    if verbose or outcome.status == "excluded" or not outcome.blockers:
        return outcome.reason
    why = ""
    for index, blocker in enumerate(outcome.blockers):
        more = f" … (+{len(outcome.blockers) - index} more)"
        if why and len(why) + len(blocker) + len(more) > _MAX_WHY_CHARS:
            return why + more
        why += (", " if why else "") + blocker
    return why


def report(outcomes: list[Outcome], installed: str, verbose: bool = False) -> str:
    lines = [f"{'root':42} {'result':9} {'s':>5}  resources / why", "-" * 100]
    for outcome in outcomes:
        detail = _why(outcome, verbose)
        seconds = f"{outcome.seconds:5.2f}" if outcome.seconds else "    -"
        lines.append(f"{outcome.root.id:42} {outcome.status:9} {seconds}  {detail}")
    considered = [o for o in outcomes if o.status != "excluded"]
    planned = [o for o in considered if o.status == "planned"]
    excluded = [o for o in outcomes if o.status == "excluded"]
    lines.append("")
    lines.append(
        f"{len(planned)}/{len(considered)} roots planned offline "
        f"(Terraform {installed}; {len(excluded)} more excluded by their required_version"
        + (f": {', '.join(o.root.id for o in excluded)}" if excluded else "")
        + ")"
    )
    if planned:
        times = sorted(o.seconds for o in planned)
        lines.append(
            f"plan time of the planned roots: median {times[len(times) // 2]:.2f} s, "
            f"max {times[-1]:.2f} s"
        )
    tally = Counter(b for o in considered if o.status == "blocked" for b in set(o.blockers))
    if tally:
        lines.append("blockers (number of roots each one blocks):")
        ranked = tally.most_common()
        shown = ranked if verbose else ranked[:_MAX_TALLY_LINES]
        for blocker, count in shown:
            lines.append(f"  {count:3}  {blocker}")
        if len(shown) < len(ranked):
            rest = ranked[len(shown) :]
            lines.append(
                f"  and {len(rest)} more blocking {max(c for _, c in rest)} root(s) or fewer"
            )
    return "\n".join(lines)


def _load_roots(path: Path | None) -> list[Root]:
    if path is None:
        return ROOTS
    return [Root(**entry) for entry in json.loads(path.read_text("utf-8"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="folder of <owner>+<name>/repo git mirrors")
    parser.add_argument("--workdir", type=Path, help="where to extract the repositories (kept)")
    parser.add_argument("--only", nargs="*", default=None, metavar="ID", help="plan these roots")
    parser.add_argument("--terraform", help="the terraform binary (default: on PATH)")
    parser.add_argument("--roots", type=Path, help="a JSON list of roots instead of the built-in")
    parser.add_argument("--tfvars-dir", type=Path, default=TFVARS_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help="print each failure in full")
    args = parser.parse_args(argv)

    binary = find_terraform(args.terraform)
    installed = terraform_version(binary)
    roots = [r for r in _load_roots(args.roots) if args.only is None or r.id in args.only]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="sespolicy-roots-"))
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    try:
        for root in roots:
            try:
                tree = checkout(root.repo, root.commit, workdir, args.mirror)
            except (subprocess.CalledProcessError, OSError) as problem:
                outcomes.append(
                    Outcome(
                        root,
                        "blocked",
                        reason=f"cannot fetch: {problem}",
                        blockers=["fetch failed"],
                    )
                )
                continue
            outcomes.append(plan_root(root, tree, binary, installed, args.tfvars_dir))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report(outcomes, installed, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
