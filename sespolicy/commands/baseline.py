"""`sespolicy baseline`: record today's failed and unknown findings, so only new ones fail.

Evaluates the plans like `sespolicy eval` (same rule selection and Region options; waivers of
the config file apply, so a waived finding is not recorded and its waiver's expiry keeps its
meaning) and writes every remaining failed or unknown finding to the baseline file. Then
`sespolicy eval --baseline FILE` treats those as known. Exit 0 when the file was written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sespolicy import __version__
from sespolicy.commands.eval import add_input_arguments, add_selection_options
from sespolicy.display import escape_text
from sespolicy.gate import decision as gates
from sespolicy.gate.baseline import DEFAULT_BASELINE_FILE, Baseline
from sespolicy.gate.decision import add_gate_options, load_gate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "baseline",
        help="record today's findings so `eval --baseline` fails only on new ones",
        description=(
            "Evaluate Terraform plan or state JSON (stdin when no path) and record every failed "
            "or unknown finding that no waiver covers (rule id, address, fingerprint; no plan "
            "values) in a baseline file for `sespolicy eval --baseline FILE`."
        ),
    )
    add_input_arguments(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(DEFAULT_BASELINE_FILE),
        metavar="FILE",
        help=f"where to write the baseline, - for stdout (default: {DEFAULT_BASELINE_FILE})",
    )
    add_selection_options(parser)
    add_gate_options(parser, baseline=False)  # --config, --waivers
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from sespolicy.evaluation import EvaluationRequest, evaluate
    from sespolicy.output_files import check_output_files, write_output, write_stream
    from sespolicy.policy.catalog import load_catalog
    from sespolicy.policy.selection import Selection
    from sespolicy.source_locations import configuration_dirs
    from sespolicy.world.aws_regions import check_default_region
    from sespolicy.world.load import load_documents
    from sespolicy.world.load.labels import split_label

    to_stdout = str(args.out) == "-"
    read = [split_label(path).path for path in args.paths]
    read += [str(path) for path in (args.config, *args.waivers) if path is not None]
    outputs = [] if to_stdout else check_output_files([("--out", str(args.out))], inputs=read)
    check_default_region(args.region)
    gate = load_gate(args)
    rules = load_catalog(args.policies, args.replace_policies)
    selection = Selection(tuple(args.rule), tuple(args.skip_rule), args.tags)
    selection.choose(rules)  # a typo in --rule / --tags is an error before any plan is read
    documents = load_documents(args.paths)
    # The one evaluation path; waivers apply (strict: enforcement notes are not shown here).
    evaluated = evaluate(
        EvaluationRequest(
            documents=documents,
            region=args.region,
            catalog=rules,
            selection=selection,
            ses_regions=args.ses_regions,
            source_dirs=configuration_dirs(documents, {}),
            gate=gate,
            strict=True,
        )
    )
    for warning in evaluated.warnings:
        print(f"sespolicy: warning: {escape_text(warning)}", file=sys.stderr)
    report = evaluated.report
    # Looked up on the module at call time, so tests that fix "today" reach it.
    baseline = Baseline.record(report, gates.current_date(), f"sespolicy {__version__}")
    if to_stdout:
        write_stream(sys.stdout, baseline.to_json_text())
    else:
        write_output(outputs[0], baseline.to_json_text())
    statuses = [entry.status for entry in baseline.entries]
    print(
        f"sespolicy: recorded {len(statuses)} finding(s) ({statuses.count('fail')} failed, "
        f"{statuses.count('unknown')} unknown) from {len(documents)} plan(s) in "
        f"{escape_text(str(args.out))}",
        file=sys.stderr,
    )
    return 0
