"""`sespolicy plan`'s engine: real Terraform, a private copy, plan-only twins, plan JSON out.

Steps: read the configuration (`configscan`), decide which twin serves each provider it needs
(`twins`), survey the copy (`workspace`), and name every problem found so far in one message
(`readiness`). Then copy, defer in the copy the reads no twin can answer before apply
(`deferred_reads`), generate (or reuse) the twins, and run `terraform init -plugin-dir`,
`plan -out` and `show -json` with an isolated CLI configuration. By default Terraform is
attached to provider servers running inside this process (TF_REATTACH_PROVIDERS), which saves
a Python start per provider launch; `isolated_provider` runs the generated plugins as Terraform
normally would, one process per provider configuration.

Nothing is left behind on any exit path: the scratch directory (the copy, the twins made for
this run, Terraform's own temporary files and provider sockets, which are pointed into it) is
removed with signals held off, SIGTERM and SIGHUP end a run the way Ctrl-C does, and Terraform
runs in its own process group, which is stopped whole before cleaning up.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sespolicy.errors import InputError, UsageError
from sespolicy.provider.sources import DEFAULT_REGISTRY

if TYPE_CHECKING:
    from sespolicy.output_files import OutputFile
    from sespolicy.provider.configscan import ConfigurationFacts
    from sespolicy.provider.diagnostics import FailureContext
    from sespolicy.provider.generate import Twin
    from sespolicy.provider.shared import SharedProviders
    from sespolicy.provider.twins import ChosenTwin
    from sespolicy.provider.workspace import CopyPlan

_PROVIDER_HOSTS = {"terraform": DEFAULT_REGISTRY, "tofu": "registry.opentofu.org"}
_PLAN_FILE = "sespolicy.tfplan"
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
    "PLUGIN_",
)
# Signals that end a run; they are held off while the scratch directory is removed.
_ENDING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_GROUP_EXIT_WAIT_S = 5.0


@dataclass
class PlanRequest:
    config_dir: Path
    terraform: str | None = None
    var_files: Sequence[Path] = ()
    variables: Sequence[str] = ()  # K=V as given on the command line
    isolated_provider: bool = False
    default_region: str | None = None  # for provider configurations without one, like AWS_REGION
    # Files the command will write, checked by sespolicy.output_files; none may be part of the
    # configuration, which only the run knows.
    outputs: Sequence[OutputFile] = ()
    notes: list[str] = field(default_factory=list)  # one-line remarks for stderr


@dataclass(frozen=True)
class PlanResult:
    plan_json: bytes
    mode: str  # the hashicorp/aws twin's mode ("" when the configuration does not use aws)
    version: str
    providers: tuple[
        str, ...
    ] = ()  # what served each provider, e.g. "hashicorp/aws 6.47.0 (shipped)"


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


def usable_temp_dir() -> Path:
    """The directory temporary files go to; an unusable TMPDIR is refused, not skipped."""
    chosen = os.environ.get("TMPDIR")
    if chosen:
        path = Path(chosen)
        if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
            raise UsageError(
                f"TMPDIR={chosen} is not a writable directory; point TMPDIR at one, or unset it"
            )
        return path
    return Path(tempfile.gettempdir())


def run_plan(request: PlanRequest) -> PlanResult:
    from sespolicy.provider.configscan import configuration_files

    config_dir = request.config_dir
    if not config_dir.is_dir():
        raise UsageError(f"{config_dir} is not a directory; give the folder of .tf files to plan")
    if not configuration_files(config_dir):
        raise InputError(f"{config_dir} holds no .tf files; give a Terraform configuration")
    temp_dir = usable_temp_dir()
    binary = find_terraform(request.terraform)
    # From here on provider binaries may run and files are made: every ending signal goes
    # through the cleanup below.
    with _ending_signals_interrupt():
        return _run_plan(request, binary, temp_dir)


def _run_plan(request: PlanRequest, binary: str, temp_dir: Path) -> PlanResult:
    from sespolicy.provider.configscan import inspect_configuration
    from sespolicy.provider.diagnostics import FailureContext
    from sespolicy.provider.files import refuse_outputs_in_configuration
    from sespolicy.provider.readiness import offline_problems
    from sespolicy.provider.twins import plan_twins
    from sespolicy.provider.workspace import plan_copy

    config_dir = request.config_dir
    facts = inspect_configuration(config_dir)
    refuse_outputs_in_configuration(request.outputs, facts)
    twin_plan = plan_twins(facts)
    copy_plan = plan_copy(facts)
    problems = offline_problems(
        facts, twin_plan, copy_plan.problems, request.var_files, request.variables
    )
    if problems:
        raise InputError(f"cannot plan {config_dir} offline: " + "; ".join(problems))
    if copy_plan.linked_large_files:
        request.notes.append(
            f"{copy_plan.linked_large_files} large file(s) that Terraform reads only through "
            "functions were linked into the private copy, not copied"
        )
    context = FailureContext(root_variables=facts.root_variables)

    with _scratch_directory(temp_dir) as (scratch, process_temp):
        plan_json = _plan_in(
            scratch, process_temp, request, binary, facts, twin_plan.chosen, copy_plan, context
        )
    aws = twin_plan.aws
    return PlanResult(
        plan_json=plan_json,
        mode=(aws.spec.mode or "") if aws else "",
        version=aws.version if aws else "",
        providers=tuple(twin.label for twin in twin_plan.chosen),
    )


def _plan_in(
    scratch: Path,
    process_temp: Path,
    request: PlanRequest,
    binary: str,
    facts: ConfigurationFacts,
    chosen: Sequence[ChosenTwin],
    copy_plan: CopyPlan,
    context: FailureContext,
) -> bytes:
    from sespolicy.provider.deferred_reads import defer_reads
    from sespolicy.provider.twins import materialize
    from sespolicy.provider.workspace import copy_configuration, override_backend

    host = _PROVIDER_HOSTS["tofu" if _is_tofu(binary) else "terraform"]
    # Shipped twins are generated into the user cache once per version, through a staging
    # folder an interrupt must not leave behind: signals wait (a second or two, once).
    twins = materialize(chosen, scratch, while_caching=_signals_held)
    copy_root = scratch / "config"
    # Importing gRPC is the slowest part of starting the shared servers; doing it while the
    # copy and `terraform init` run hides most of it.
    starter = None
    if not request.isolated_provider:
        # Relative paths in reads (local_file) resolve where Terraform runs: the copy.
        starter = _SharedStarter(twins, request.default_region, copy_root / copy_plan.config_dir)
    try:
        workspace = copy_configuration(copy_plan, copy_root)
        # Reads no twin can answer at plan time (archive_file, external, http …) are deferred
        # to apply, so they plan as unknown instead of failing. Only the private copy is
        # edited, after the survey, and never through a link (large files are linked in).
        defer_reads(workspace.root)
        if facts.backend is not None and facts.backend != "local":
            override_backend(workspace)
            request.notes.append(
                f"the configuration's {facts.backend!r} backend was replaced by local state "
                "for this offline plan, so existing remote state is not consulted"
            )
        # Shipped twins share one plugin directory: each directory is given once.
        plugin_dirs = list(dict.fromkeys(_plugin_dir_for_host(t, host, scratch) for t in twins))
        env = _isolated_environment(scratch, process_temp, plugin_dirs)
        if request.default_region:
            env["AWS_REGION"] = request.default_region
        runner = _Runner(binary, workspace.config_dir, env, context)
        runner.run("init", "-input=false", "-no-color", *(f"-plugin-dir={d}" for d in plugin_dirs))
        if starter is not None:
            env["TF_REATTACH_PROVIDERS"] = starter.reattach_value(host)
        plan_args = ["plan", "-input=false", "-no-color", "-lock=false", f"-out={_PLAN_FILE}"]
        plan_args += [f"-var-file={Path(f).resolve()}" for f in request.var_files]
        plan_args += [f"-var={assignment}" for assignment in request.variables]
        runner.run(*plan_args)
        return runner.run("show", "-json", _PLAN_FILE)
    finally:
        if starter is not None:
            starter.stop()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Delay the ending signals until the block is done (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def _ending_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP end the run like Ctrl-C, so the same cleanup runs for all three."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _interrupt) for signum in _ENDING_SIGNALS[1:]}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def _scratch_directory(parent: Path) -> Iterator[tuple[Path, Path]]:
    """A private directory for the run, and a temporary directory for Terraform and the
    plugins it starts; both are removed on the way out, with signals held off."""
    from sespolicy.provider.plugin_client import socket_parent

    made: list[Path] = []
    try:
        try:
            made.append(Path(tempfile.mkdtemp(prefix="sespolicy-plan-", dir=parent)))
            process_temp = made[0] / "tmp"
            process_temp.mkdir()
            short_parent = socket_parent(process_temp)
            if short_parent != process_temp:
                # The plugins' sockets would not fit under the run's folder: a short one.
                made.append(Path(tempfile.mkdtemp(prefix="sespolicy-", dir=short_parent)))
                process_temp = made[1]
        except OSError as problem:
            raise UsageError(
                f"cannot create a temporary directory in {parent}: {problem.strerror}; "
                "point TMPDIR at a writable directory"
            ) from None
        yield made[0], process_temp
    finally:
        with _signals_held():
            for directory in made:
                shutil.rmtree(directory, ignore_errors=True)


class _SharedStarter:
    """Starts one in-process provider server per twin on a background thread."""

    def __init__(
        self, twins: Sequence[Twin], default_region: str | None, working_dir: Path
    ) -> None:
        self._shared: SharedProviders | None = None
        self._failure: Exception | None = None
        served_dirs = [twin.served_dir for twin in twins]
        self._thread = threading.Thread(
            target=self._start, args=(served_dirs, default_region, working_dir), daemon=True
        )
        self._thread.start()

    def _start(
        self, served_dirs: list[Path], default_region: str | None, working_dir: Path
    ) -> None:
        from sespolicy.provider.shared import start_shared_providers

        try:
            self._shared = start_shared_providers(served_dirs, default_region, working_dir)
        except Exception as failure:  # reported on the main thread in reattach_value()
            self._failure = failure

    def reattach_value(self, host: str) -> str:
        """TF_REATTACH_PROVIDERS pointing Terraform at every server."""
        self._thread.join()
        if self._failure is not None or self._shared is None:
            raise UsageError(
                f"cannot start the in-process provider ({self._failure}); try --isolated-provider"
            ) from self._failure
        return self._shared.reattach_value(host)

    def stop(self) -> None:
        self._thread.join()
        if self._shared is not None:
            self._shared.stop()


def _plugin_dir_for_host(twin: Twin, host: str, scratch: Path) -> Path:
    """OpenTofu looks for the public registry's providers under its own host name: a folder of
    this run links the twin there."""
    from sespolicy.provider.sources import address_on_host

    address = address_on_host(twin.source, host)
    if address == twin.source:
        return twin.plugin_dir
    mirror = scratch / ("plugins-" + address.replace("/", "-"))
    link = mirror.joinpath(*address.split("/"))
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(twin.plugin_dir.joinpath(*twin.source.split("/")))
    return mirror


def _isolated_environment(
    scratch: Path, process_temp: Path, plugin_dirs: Sequence[Path]
) -> dict[str, str]:
    """The caller's environment with Terraform pointed away from its user-level settings."""
    cli_config = scratch / "terraformrc"
    # No network installation method at all: every provider must come from -plugin-dir.
    mirrors = "".join(f'  filesystem_mirror {{\n    path = "{d}"\n  }}\n' for d in plugin_dirs)
    cli_config.write_text(f"provider_installation {{\n{mirrors}}}\n", "utf-8")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(_DROPPED_ENV_PREFIXES)
    }
    env.update(
        TF_CLI_CONFIG_FILE=str(cli_config),
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
        CHECKPOINT_DISABLE="1",
        # Terraform's temporary files and the plugins' sockets land in a folder of this run,
        # so they go with it whatever ends the run.
        TMPDIR=str(process_temp),
        PLUGIN_UNIX_SOCKET_DIR=str(process_temp),
    )
    return env


class _Runner:
    def __init__(
        self, binary: str, cwd: Path, env: dict[str, str], context: FailureContext
    ) -> None:
        self.binary = binary
        self.cwd = cwd
        self.env = env
        self.context = context

    def run(self, *args: str) -> bytes:
        from sespolicy.provider.diagnostics import explain_failure

        try:
            # A process group of its own: Terraform and the providers it starts are stopped
            # together, and only by us, before the scratch directory is removed.
            process = subprocess.Popen(
                [self.binary, *args],
                cwd=self.cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as problem:
            raise UsageError(f"cannot run {self.binary}: {problem.strerror}") from None
        try:
            stdout, stderr = process.communicate()
        except BaseException:
            _stop_group(process)
            raise
        if process.returncode != 0:
            # Diagnostics go to stderr; stdout has progress lines, used only when stderr is empty.
            output = stderr.decode("utf-8", "replace")
            if not output.strip():
                output = stdout.decode("utf-8", "replace")
            raise InputError(explain_failure(args[0], output, self.context))
        return stdout


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Kill Terraform and every provider process it started, and wait until they are gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = _GROUP_EXIT_WAIT_S
    step = 0.02
    while deadline > 0:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        threading.Event().wait(step)
        deadline -= step
