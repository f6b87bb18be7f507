"""`sespolicy baseline`: record today's failed and unknown findings, so only new ones fail.

Evaluates the plans like `sespolicy eval` (same rule selection and Region options; waivers of
the config file apply, so a waived finding is not recorded and its waiver's expiry keeps its
meaning) and writes every remaining failed or unknown finding to the baseline file. Then
`sespolicy eval --baseline FILE` treats those as known. Exit 0 when the file was written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from sespolicy import __version__
from sespolicy.commands.eval import add_selection_options
from sespolicy.gate import decision as gates
from sespolicy.gate.baseline import DEFAULT_BASELINE_FILE, Baseline, write_baseline
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
    parser.add_argument("paths", nargs="*", metavar="PLAN", help="plan/state JSON, - for stdin")
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
    from sespolicy.commands.eval import evaluation_request
    from sespolicy.evaluation import evaluate
    from sespolicy.world.load import load_documents

    gate = load_gate(args)
    documents = load_documents(args.paths)
    # Waivers apply (strict: enforcement notes are not printed here anyway).
    request = replace(evaluation_request(documents, args, gate), strict=True)
    report = evaluate(request, print_warnings=True)
    # Looked up on the module at call time, so tests that fix "today" reach it.
    baseline = Baseline.record(report, gates.current_date(), f"sespolicy {__version__}")
    if str(args.out) == "-":
        sys.stdout.write(baseline.to_json_text())
    else:
        write_baseline(baseline, args.out)
    statuses = [entry.status for entry in baseline.entries]
    print(
        f"sespolicy: recorded {len(statuses)} finding(s) ({statuses.count('fail')} failed, "
        f"{statuses.count('unknown')} unknown) from {len(documents)} plan(s) in {args.out}",
        file=sys.stderr,
    )
    return 0
