"""`sespolicy plan`'s engine: real Terraform, a private copy, the plan-only provider, plan JSON out.

Steps: inspect the configuration, copy it, choose the provider mode from its hashicorp/aws
constraint, generate (or reuse) that provider, then `terraform init -plugin-dir`, `plan -out`
and `show -json` with an isolated CLI configuration. By default Terraform is attached to one
provider server running inside this process (TF_REATTACH_PROVIDERS), which saves a Python
start per provider launch; `isolated_provider` runs the installed plugin as Terraform normally
would, one process per provider configuration.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sespolicy.errors import InputError, UsageError

_PROVIDER_HOSTS = {"terraform": "registry.terraform.io", "tofu": "registry.opentofu.org"}
_PLAN_FILE = "sespolicy.tfplan"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Settings of the caller's Terraform that would redirect or change this private run; TF_VAR_*
# and logging stay, since they are how users give variables and debug.
_DROPPED_ENV_PREFIXES = (
    "TF_CLI_ARGS",
    "TF_CLI_CONFIG_FILE",
    "TF_PLUGIN_CACHE",
    "TF_DATA_DIR",
    "TF_WORKSPACE",
    "TF_REATTACH_PROVIDERS",
    "TOFU_CLI_ARGS",
)


@dataclass
class PlanRequest:
    config_dir: Path
    terraform: str | None = None
    var_files: Sequence[Path] = ()
    variables: Sequence[str] = ()  # K=V as given on the command line
    isolated_provider: bool = False
    default_region: str | None = None  # for provider configurations without one, like AWS_REGION
    notes: list[str] = field(default_factory=list)  # one-line remarks for stderr


@dataclass(frozen=True)
class PlanResult:
    plan_json: bytes
    mode: str
    version: str


def find_terraform(explicit: str | None) -> str:
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise UsageError(f"Terraform binary {explicit!r} not found or not executable")
        return found
    for name in ("terraform", "tofu"):
        found = shutil.which(name)
        if found is not None:
            return found
    raise UsageError(
        "neither `terraform` nor `tofu` is on PATH; install Terraform (1.5 or newer) "
        "or pass --terraform PATH"
    )


def _is_tofu(binary: str) -> bool:
    return "tofu" in Path(binary).name


def run_plan(request: PlanRequest) -> PlanResult:
    from sespolicy.provider.constraints import choose_provider
    from sespolicy.provider.deferred_reads import defer_reads
    from sespolicy.provider.workspace import (
        copy_configuration,
        inspect_configuration,
        override_backend,
    )

    config_dir = request.config_dir
    if not config_dir.is_dir():
        raise UsageError(f"{config_dir} is not a directory; give the folder of .tf files to plan")
    if not any(config_dir.glob("*.tf")):
        raise InputError(f"{config_dir} holds no .tf files; give a Terraform configuration")
    binary = find_terraform(request.terraform)
    facts = inspect_configuration(config_dir)
    choice = choose_provider(facts.aws_constraints, facts.locked_aws_version)

    with tempfile.TemporaryDirectory(prefix="sespolicy-plan-") as scratch:
        scratch_path = Path(scratch)
        provider = _provider(choice.mode, choice.version, scratch_path, facts.provider_constraints)
        host = _PROVIDER_HOSTS["tofu" if _is_tofu(binary) else "terraform"]
        # Importing gRPC is the slowest part of starting the shared server; doing it while
        # the copy and `terraform init` run hides most of it.
        starter = None
        if not request.isolated_provider:
            served_dirs = [twin.served_dir for twin in provider.twins] or [
                provider.executable.parent
            ]
            starter = _SharedStarter(served_dirs, request.default_region)
        try:
            workspace = copy_configuration(config_dir, facts, scratch_path / "config")
            # Reads no twin can answer at plan time (archive_file, external, http …) are
            # deferred to apply, so they plan as unknown instead of failing.
            defer_reads(workspace.root)
            if facts.backend is not None and facts.backend != "local":
                override_backend(workspace)
                request.notes.append(
                    f"the configuration's {facts.backend!r} backend was replaced by local state "
                    "for this offline plan, so existing remote state is not consulted"
                )
            plugin_dir = provider.plugin_dir
            if host != "registry.terraform.io":
                plugin_dir = _mirror_for_host(provider.plugin_dir, host, scratch_path)
            env = _isolated_environment(scratch_path, plugin_dir)
            if request.default_region:
                env["AWS_REGION"] = request.default_region
            runner = _Runner(binary, workspace.config_dir, env)
            runner.run("init", "-input=false", "-no-color", f"-plugin-dir={plugin_dir}")
            if starter is not None:
                shared = starter.wait()
                shared.set_working_dir(workspace.config_dir)
                env["TF_REATTACH_PROVIDERS"] = shared.reattach_value(host)
            plan_args = ["plan", "-input=false", "-no-color", "-lock=false", f"-out={_PLAN_FILE}"]
            plan_args += [f"-var-file={Path(f).resolve()}" for f in request.var_files]
            plan_args += [f"-var={assignment}" for assignment in request.variables]
            runner.run(*plan_args)
            plan_json = runner.run("show", "-json", _PLAN_FILE)
        finally:
            if starter is not None:
                starter.stop()
    return PlanResult(plan_json=plan_json, mode=choice.mode, version=choice.version)


class _SharedStarter:
    """Starts the in-process provider server on a background thread."""

    def __init__(self, served_dirs: list[Path], default_region: str | None) -> None:
        self._served_dirs = served_dirs
        self._default_region = default_region
        self._shared = None
        self._failure: Exception | None = None
        self._thread = threading.Thread(target=self._start, daemon=True)
        self._thread.start()

    def _start(self) -> None:
        from sespolicy.provider.shared import start_shared_providers

        try:
            self._shared = start_shared_providers(self._served_dirs, self._default_region)
        except Exception as failure:  # reported on the main thread in wait()
            self._failure = failure

    def wait(self):  # -> SharedProviders
        self._thread.join()
        if self._failure is not None:
            raise UsageError(
                f"cannot start the in-process provider ({self._failure}); try --isolated-provider"
            ) from self._failure
        return self._shared

    def stop(self) -> None:
        self._thread.join()
        if self._shared is not None:
            self._shared.stop()


def _provider(mode: str, version: str, scratch: Path, constraints: dict[str, list[str]]):
    from sespolicy.provider.cache import cached_plugin_dir
    from sespolicy.provider.generate import generate, utility_versions_for

    utility_versions = utility_versions_for(constraints)
    try:
        return cached_plugin_dir(mode, version, utility_versions)
    except (OSError, InputError):
        # No writable cache (read-only home in some CI setups): generate for this run only.
        return generate(
            scratch / "plugins", mode=mode, version=version, utility_versions=utility_versions
        )


def _mirror_for_host(plugin_dir: Path, host: str, scratch: Path) -> Path:
    """OpenTofu looks for hashicorp/aws under its own registry host name."""
    mirror = scratch / f"plugins-{host}"
    (mirror / host).mkdir(parents=True, exist_ok=True)
    link = mirror / host / "hashicorp"
    if not link.exists():
        link.symlink_to(plugin_dir / "registry.terraform.io" / "hashicorp")
    return mirror


def _isolated_environment(scratch: Path, plugin_dir: Path) -> dict[str, str]:
    """The caller's environment with Terraform pointed away from its user-level settings."""
    cli_config = scratch / "terraformrc"
    # No network installation method at all: every provider must come from -plugin-dir.
    cli_config.write_text(
        f'provider_installation {{\n  filesystem_mirror {{\n    path = "{plugin_dir}"\n  }}\n}}\n',
        "utf-8",
    )
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(_DROPPED_ENV_PREFIXES)
    }
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
    )
    return env


class _Runner:
    def __init__(self, binary: str, cwd: Path, env: dict[str, str]) -> None:
        self.binary = binary
        self.cwd = cwd
        self.env = env

    def run(self, *args: str) -> bytes:
        try:
            completed = subprocess.run(
                [self.binary, *args],
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                check=False,
            )
        except OSError as problem:
            raise UsageError(f"cannot run {self.binary}: {problem.strerror}") from None
        if completed.returncode != 0:
            output = completed.stderr.decode("utf-8", "replace")
            output += completed.stdout.decode("utf-8", "replace")
            raise InputError(explain_failure(args[0], _ANSI.sub("", output)))
        return completed.stdout


_MISSING_PROVIDER = re.compile(r"provider ([\w.\-]+/[\w.\-]+/[\w.\-]+) was not found")
_MISSING_PROVIDER_SHORT = re.compile(
    r"(?:available versions for provider|Failed to query|registry does not have a provider "
    r"named) ([\w.\-]+/[\w.\-]+(?:/[\w.\-]+)?)"
)
_UNSUPPORTED_TYPE = re.compile(
    r'provider [\w./\-]*hashicorp/aws does not support (resource|data source)(?: type)? "([\w-]+)"'
)
_ERROR_SUMMARY = re.compile(r"^[\s│]*Error: (.+?)\s*$", re.MULTILINE)


def explain_failure(step: str, output: str) -> str:
    """Terraform's failure as one line that says what to do."""
    # Terraform wraps its messages at 78 columns; match on the text, not its line breaks.
    flat = re.sub(r"[\s│]+", " ", output)
    unsupported = _UNSUPPORTED_TYPE.search(flat)
    if unsupported:
        from sespolicy.provider.schema import unserved_type_message

        kind, type_name = unsupported.groups()
        return unserved_type_message(type_name, "data" if kind == "data source" else "resource")
    missing = _MISSING_PROVIDER.search(flat) or _MISSING_PROVIDER_SHORT.search(flat)
    if missing and "hashicorp/aws" not in missing.group(1):
        return (
            f"the configuration uses provider {missing.group(1)}; sespolicy plan can only plan "
            "with hashicorp/aws offline: remove the other provider's resources or plan with "
            "real Terraform and pass the plan JSON to `sespolicy eval`"
        )
    summary = _ERROR_SUMMARY.search(output)
    first = summary.group(1) if summary else (output.strip().splitlines() or ["no output"])[0]
    detail = _first_detail(output, summary.end() if summary else 0)
    hint = ""
    if step == "init" and "module" in first.lower():
        hint = (
            "; sespolicy plan runs offline, so only local module sources (./ or ../) work: "
            "vendor the module into the repository or plan with network access and pass the "
            "plan JSON to `sespolicy eval`"
        )
    return f"terraform {step} failed: {first}{detail}{hint}"


def _first_detail(output: str, start: int) -> str:
    """Terraform's 'on file line N' location, when it gives one, so the user can find it."""
    location = re.search(r"on ([^\s]+ line \d+)", output[start:])
    return f" ({location.group(1)})" if location else ""
