"""`sespolicy eval`: judge plans against the SES regional rules (the CI gate).

Everything the user can get wrong on the command line (a report format, an output path, a rule
id, a tag, the Region, a config file) is checked in `prepare_evaluation`, before any plan is
read or written, so `sespolicy plan` can check it too before it runs Terraform.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sespolicy import __version__
from sespolicy.errors import UsageError
from sespolicy.findings import Severity
from sespolicy.gate.decision import add_gate_options, load_config

if TYPE_CHECKING:  # the loader (and jsonschema) is imported when a command runs, not for --help
    from sespolicy.gate.decision import Gate
    from sespolicy.gate.settings_file import PolicyConfig
    from sespolicy.output_files import OutputFile
    from sespolicy.policy.catalog import Rule
    from sespolicy.policy.selection import Selection
    from sespolicy.reporters import Reporter
    from sespolicy.world.load import LoadedDocument
    from sespolicy.world.ses_regions import SesAvailability

_SEVERITIES = [s.value for s in Severity]
_FORMATS = "text, json, sarif, junit, github, cucumber, html"


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The inputs of a command that reads plans: paths, `-` for stdin, NAME=PATH labels, and
    the workspaces of an estate."""
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="[NAME=]PLAN",
        help="plan/state JSON or a folder of .tf files; - for stdin; NAME=PATH labels it",
    )
    parser.add_argument(
        "--estate",
        nargs="*",
        action="extend",
        default=None,
        metavar="NAME=PATH",
        help="judge several workspaces as ONE SES estate (rules across them): the plan being "
        "changed and the state of the others (plan JSON, state JSON, raw terraform.tfstate or "
        "a .tf folder), each NAME=PATH; with no pairs, the [estate] table of .sespolicy.toml",
    )


_ESTATE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def estate_inputs(
    args: argparse.Namespace, config: PolicyConfig | None = None
) -> list[str] | None:
    """The inputs of `--estate` as NAME=PATH arguments (the config's [estate] table, then the
    command line's pairs and labelled paths), or None when this is no estate run. `config` is
    the run's config files when the caller has read them already."""
    if getattr(args, "estate", None) is None:
        return None
    from sespolicy.world.load.labels import split_label

    if config is None:
        config = load_config(args)
    members = dict(config.estate)
    for argument in [*args.estate, *args.paths]:
        labelled = split_label(argument)
        if not labelled.label:
            raise UsageError(
                f"--estate {argument!r}: name each workspace of the estate, e.g. "
                "dns=states/dns.tfstate (findings say which workspace they belong to)"
            )
        members[labelled.label] = labelled.path
    for name in members:
        if not _ESTATE_NAME.fullmatch(name):
            raise UsageError(
                f"--estate: {name!r} is not a workspace name (letters, digits, _ . -)"
            )
    if not members:
        raise UsageError(
            "--estate names no workspace: give NAME=PATH pairs or an [estate] table in "
            ".sespolicy.toml"
        )
    return [f"{name}={path}" for name, path in members.items()]


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    """Which policy folders make the catalog: every command that reads the catalog."""
    parser.add_argument(
        "--policies",
        action="append",
        default=[],
        metavar="DIR",
        help="add a folder of your own .feature policies to the built-in rules (repeatable)",
    )
    parser.add_argument(
        "--replace-policies",
        action="store_true",
        help="use only the --policies folders, not the built-in rules",
    )


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """Which rules run and how Regions are read: shared by every command that evaluates."""
    add_policy_options(parser)
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="ID",
        help="run only these rule ids or families, e.g. SES-RECV-001 or SES-RECV (repeatable, "
        "or comma-separated; any case); an id the catalog lacks is an error",
    )
    parser.add_argument(
        "--skip-rule",
        action="append",
        default=[],
        metavar="ID",
        help="leave out these rule ids or families (repeatable, or comma-separated)",
    )
    parser.add_argument(
        "--tags",
        metavar="EXPRESSION",
        help="run the rules whose tags match, e.g. '@severity:high and not @SES-SUPP' "
        "(and, or, not, parentheses; a feature's tags apply to its rules)",
    )
    parser.add_argument(
        "--region",
        metavar="REGION",
        help="Region for providers that set none, as AWS_REGION would (must be an AWS Region)",
    )
    parser.add_argument(
        "--ses-regions",
        metavar="FILE",
        help="replace the built-in table of Regions offering SES (same shape as "
        "sespolicy/data/ses-regions.json)",
    )


def add_eval_options(parser: argparse.ArgumentParser) -> None:
    """The options every evaluating command shares (eval, plan)."""
    parser.add_argument(
        "--format", default="text", metavar="FORMAT", help=f"report on stdout: {_FORMATS}"
    )
    parser.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="also write a report in FORMAT to the file PATH (repeatable); every path is "
        "checked before anything is written, and files are replaced whole",
    )
    parser.add_argument(
        "--fail-on",
        default="low",
        choices=_SEVERITIES,
        help="lowest severity of a failed rule that fails the run (exit 1)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="count unknown verdicts as failures"
    )
    parser.add_argument(
        "--show-passed", action="store_true", help="list passing resources too"
    )
    parser.add_argument(
        "--show-na",
        action="store_true",
        help="list the rules that selected no resource (not applicable) too",
    )
    add_selection_options(parser)
    parser.add_argument(
        "--source-dir",
        action="append",
        default=[],
        metavar="[NAME=]DIR",
        help="the Terraform configuration a plan came from: findings point at file and line. "
        "NAME=DIR for the input labelled NAME; a plain DIR for every input without its own "
        "(a .tf folder given as input is its own source)",
    )
    add_gate_options(parser)  # --config, --waivers, --baseline, --override-soft


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="check plans against the SES regional rules (exit 1 on violations)",
        description=(
            "Evaluate Terraform plan or state JSON, or folders of .tf files (stdin when no "
            "path), against the rule catalog. Label inputs as NAME=PATH to name them in the "
            "findings. Exit 0: nothing fails at or above --fail-on; 1: something does; 2: bad "
            "input or usage; 3: internal error."
        ),
    )
    add_input_arguments(parser)
    add_eval_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.world.load import load_documents

    # An estate run reads the config files first, for its [estate] table; the gate reuses them.
    config = load_config(args) if args.estate is not None else None
    estate = estate_inputs(args, config)
    paths = estate if estate is not None else args.paths
    prepared = prepare_evaluation(args, read_paths=paths, config=config)
    return run_evaluation(load_documents(paths), args, prepared)


@dataclass(frozen=True)
class PreparedEvaluation:
    """What the command line asked for, checked: every mistake in it is found before a plan
    is read (or, for `sespolicy plan`, before Terraform runs)."""

    stdout_reporter: Reporter
    file_reporters: tuple[tuple[Reporter, OutputFile], ...]
    gate: Gate
    catalog: tuple[Rule, ...]
    selection: Selection
    availability: SesAvailability
    # The caller's own files (`plan --out`), checked with the reports: no two on one file.
    extra_outputs: tuple[OutputFile, ...] = ()


def _requested_outputs(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """(format, path, option as written) for every --output."""
    requested = []
    for item in args.output:
        name, separator, path = item.partition("=")
        if not separator or not name or not path:
            raise UsageError(
                f"--output {item!r}: write it as FORMAT=PATH, e.g. sarif=results.sarif"
            )
        requested.append((name, path, f"--output {item}"))
    return requested


def _files_read(args: argparse.Namespace, read_paths: Sequence[str]) -> list[str]:
    """Every file this run reads, so no output may overwrite one of them."""
    from sespolicy.world.load.labels import split_label

    files = [split_label(path).path for path in read_paths]
    for name in ("config", "baseline", "ses_regions"):
        value = getattr(args, name, None)
        if value is not None:
            files.append(os.fspath(value))
    files.extend(os.fspath(path) for path in getattr(args, "waivers", []))
    return files


def prepare_evaluation(
    args: argparse.Namespace,
    read_paths: Sequence[str] = (),
    extra_outputs: Sequence[tuple[str, str]] = (),
    extra_inputs: Sequence[str | os.PathLike[str]] = (),
    config: PolicyConfig | None = None,
) -> PreparedEvaluation:
    """Check the evaluation options in `args`; UsageError / InputError for the first mistake.

    `extra_outputs` are (option, path) of files the caller writes besides the reports (checked
    first, with them), `extra_inputs` files it reads besides those the options name; `config`
    is the run's config files when the caller has read them already."""
    from sespolicy.gate.decision import load_gate
    from sespolicy.output_files import check_output_files
    from sespolicy.policy.catalog import load_catalog
    from sespolicy.policy.selection import Selection
    from sespolicy.reporters import get_reporter
    from sespolicy.world.aws_regions import check_default_region
    from sespolicy.world.ses_regions import load_availability

    stdout_reporter = get_reporter(args.format)
    requested = _requested_outputs(args)
    reporters = [get_reporter(name) for name, _, _ in requested]  # fail fast on a bad name
    outputs = check_output_files(
        [*extra_outputs, *((option, path) for _, path, option in requested)],
        inputs=[*_files_read(args, read_paths), *extra_inputs],
        stdout_taken_by=f"the --format {args.format} report",
    )
    extra, report_outputs = outputs[: len(extra_outputs)], outputs[len(extra_outputs) :]
    check_default_region(args.region)
    gate = load_gate(args, config)  # a bad config or baseline file fails before any plan is judged
    catalog = tuple(load_catalog(args.policies, args.replace_policies))
    selection = Selection(tuple(args.rule), tuple(args.skip_rule), args.tags)
    selection.choose(catalog)  # an id, family or tag the catalog lacks is an error now
    return PreparedEvaluation(
        stdout_reporter=stdout_reporter,
        file_reporters=tuple(zip(reporters, report_outputs, strict=True)),
        gate=gate,
        catalog=catalog,
        selection=selection,
        availability=load_availability(args.ses_regions),
        extra_outputs=tuple(extra),
    )


def run_evaluation(
    documents: Sequence[LoadedDocument],
    args: argparse.Namespace,
    prepared: PreparedEvaluation | None = None,
) -> int:
    """Evaluate loaded documents with the eval options in args; return the exit code."""
    from sespolicy.evaluation import EvaluationRequest, evaluate
    from sespolicy.gate.decision import failing
    from sespolicy.output_files import write_output, write_stream
    from sespolicy.reporters import ReportOptions
    from sespolicy.source_locations import attach_sources, configuration_dirs, source_dirs_for

    if prepared is None:
        prepared = prepare_evaluation(args)
    folders = source_dirs_for(documents, args.source_dir)  # a bad folder fails before judging
    # The one evaluation path (as `sespolicy.evaluate` and the pytest plugin take it).
    evaluated = evaluate(
        EvaluationRequest(
            documents=documents,
            region=args.region,
            catalog=prepared.catalog,
            selection=prepared.selection,
            availability=prepared.availability,
            source_dirs=configuration_dirs(documents, folders),
            gate=prepared.gate,
            strict=args.strict,
            estate=getattr(args, "estate", None) is not None,
        )
    )
    report = evaluated.report
    report = attach_sources(report, folders)
    failed = failing(report, args.fail_on, args.strict, prepared.gate.enforcement)
    options = ReportOptions(
        tool_version=__version__,
        show_passed=args.show_passed,
        show_not_applicable=getattr(args, "show_na", False),
        color=sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        fail_on=Severity.parse(args.fail_on),
        strict=args.strict,
        failing=frozenset(f.key for f in failed),
    )
    warnings = evaluated.warnings
    stdout_shows_notes = args.format == "text"
    # Each note reaches the terminal once: warnings on stderr; other notes in the text report
    # on stdout, or on stderr when stdout carries a machine format. Files get every note.
    on_stdout = replace(options, hidden_notes=frozenset(warnings))
    plain = replace(options, color=False)  # files named by --output stay plain
    rendered_stdout = prepared.stdout_reporter.render(report, on_stdout)
    rendered_files = [
        (output, reporter.render(report, plain)) for reporter, output in prepared.file_reporters
    ]
    # Everything is rendered before anything is written: no half-written reports on error.
    for line in warnings:
        print(f"sespolicy: warning: {_one_line(line)}", file=sys.stderr)
    if not stdout_shows_notes:
        for note in report.notes:
            if note not in warnings:
                print(f"sespolicy: note: {_one_line(note)}", file=sys.stderr)
    for output, text in rendered_files:
        write_output(output, text)
    if not rendered_stdout.endswith("\n"):
        rendered_stdout += "\n"
    # A reader that went away (`| head`) changes nothing: the verdict decides the exit code.
    with suppress(BrokenPipeError):
        write_stream(sys.stdout, rendered_stdout)
    return 1 if failed else 0


def _one_line(text: str) -> str:
    from sespolicy.display import escape_text

    return escape_text(text)
