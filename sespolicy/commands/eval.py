"""`sespolicy eval`: judge plans against the SES regional rules (the CI gate)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sespolicy import __version__
from sespolicy.errors import UsageError
from sespolicy.findings import Severity
from sespolicy.gate.decision import add_gate_options, load_gate

if TYPE_CHECKING:  # the loader (and jsonschema) is imported when a command runs, not for --help
    from sespolicy.evaluation import EvaluationRequest
    from sespolicy.gate.decision import Gate
    from sespolicy.world.load import LoadedDocument

_SEVERITIES = [s.value for s in Severity]


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """Which rules run and how Regions are read: shared by every command that evaluates."""
    parser.add_argument(
        "--policies", action="append", default=[], metavar="DIR", help="add a policy folder"
    )
    parser.add_argument(
        "--replace-policies", action="store_true", help="use only the --policies folders"
    )
    parser.add_argument(
        "--rule", action="append", default=[], metavar="ID", help="run only these rules or families"
    )
    parser.add_argument(
        "--skip-rule", action="append", default=[], metavar="ID", help="skip rules or families"
    )
    parser.add_argument("--tags", help="tag expression, e.g. '@severity:high and not @SES-SUPP'")
    parser.add_argument("--region", help="Region for providers that set none (as AWS_REGION would)")
    parser.add_argument("--ses-regions", metavar="FILE", help="override the SES Region table")


def add_eval_options(parser: argparse.ArgumentParser) -> None:
    """The options every evaluating command shares (eval, plan)."""
    parser.add_argument(
        "--format",
        default="text",
        help="text (default), json, sarif, junit, github, cucumber, html",
    )
    parser.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="also write a report in FORMAT to PATH (repeatable)",
    )
    parser.add_argument(
        "--fail-on", default="low", choices=_SEVERITIES, help="lowest failing severity"
    )
    parser.add_argument("--strict", action="store_true", help="count unknown verdicts as failures")
    parser.add_argument("--show-passed", action="store_true", help="list passing resources too")
    add_selection_options(parser)
    parser.add_argument(
        "--source-dir",
        metavar="DIR",
        help="the Terraform configuration the plan came from: findings point at file and line",
    )
    add_gate_options(parser)  # --config, --waivers, --baseline, --override-soft


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="check plans against the SES regional rules (exit 1 on violations)",
        description=(
            "Evaluate Terraform plan or state JSON (stdin when no path) against the rule catalog. "
            "Exit 0: nothing fails at or above --fail-on; 1: something does; 2: bad input or usage."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PLAN", help="plan/state JSON, - for stdin")
    add_eval_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.world.load import load_documents

    return run_evaluation(load_documents(args.paths), args)


def _outputs(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    outputs: list[tuple[str, str | None]] = [(args.format, None)]
    for item in args.output:
        name, separator, path = item.partition("=")
        if not separator or not path:
            raise UsageError(
                f"--output {item!r}: write it as FORMAT=PATH, e.g. sarif=results.sarif"
            )
        outputs.append((name, path))
    return outputs


def evaluation_request(
    documents: Sequence[LoadedDocument], args: argparse.Namespace, gate: Gate
) -> EvaluationRequest:
    """What the selection and Region options of a command ask the evaluation for."""
    from sespolicy.evaluation import EvaluationRequest
    from sespolicy.policy.engine import Selection
    from sespolicy.source_locations import configuration_dirs

    return EvaluationRequest(
        documents=documents,
        region=args.region,
        policies=args.policies,
        replace_policies=args.replace_policies,
        selection=Selection(tuple(args.rule), tuple(args.skip_rule), args.tags),
        ses_regions=args.ses_regions,
        source_dirs=configuration_dirs(documents, getattr(args, "source_dir", None)),
        gate=gate,
        strict=getattr(args, "strict", False),
    )


def run_evaluation(documents: Sequence[LoadedDocument], args: argparse.Namespace) -> int:
    """Evaluate loaded documents with the eval options in args; return the exit code."""
    from sespolicy.evaluation import evaluate
    from sespolicy.policy.engine import failing
    from sespolicy.reporters import ReportOptions, get_reporter
    from sespolicy.source_locations import attach_sources, source_dirs_for

    outputs = _outputs(args)
    reporters = [(get_reporter(name), path) for name, path in outputs]  # fail fast on a bad name
    gate = load_gate(args)  # a bad config or baseline file fails before any plan is judged
    # Waivers, baseline and enforcement notes are applied inside: one path for every command.
    report = evaluate(evaluation_request(documents, args, gate), print_warnings=True)
    report = attach_sources(report, source_dirs_for(documents, args.source_dir))
    failed = failing(report, args.fail_on, args.strict, gate.enforcement)
    options = ReportOptions(
        tool_version=__version__,
        show_passed=args.show_passed,
        color=sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        fail_on=Severity.parse(args.fail_on),
        strict=args.strict,
        failing=frozenset((f.rule_id, f.address) for f in failed),
    )
    # Colour only goes to a terminal: files named by --output stay plain.
    plain = replace(options, color=False)
    rendered = [
        (reporter.render(report, options if path is None else plain), path)
        for reporter, path in reporters
    ]
    # Everything is rendered before anything is written: no half-written reports on error.
    for text, path in rendered:
        if path is None:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
    return 1 if failed else 0
