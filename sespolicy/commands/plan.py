"""`sespolicy plan DIR`: plan a configuration offline with real Terraform, then evaluate it.

Terraform runs on a private copy of DIR with plan-only twins of its providers (sespolicy's own
of hashicorp/aws and the hashicorp utility providers, and for a directory after an online
`terraform init`, twins of the providers installed in `.terraform/providers`, with its module
cache), so no credentials or registry
access are needed and DIR is left exactly as it was. A remote or cloud backend is replaced by
local state in the copy (noted on stderr): the plan is then made as if nothing existed yet,
which is what a policy check of the configuration needs. Everything that would stop the plan
is named in one message before Terraform starts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from sespolicy.errors import InputError

_EVAL_MODULE = "sespolicy.commands.eval"


def _eval_module():  # -> module | None
    """The evaluation command's module, or None while it is not part of this build."""
    try:
        return importlib.import_module(_EVAL_MODULE)
    except ModuleNotFoundError as missing:
        if missing.name != _EVAL_MODULE:
            raise
        return None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="plan a Terraform directory offline with real Terraform, then evaluate the plan",
        description=(
            "Copy DIR to a temporary directory, run terraform init/plan/show there with "
            "plan-only twins of its providers (no credentials, no registry), and evaluate the "
            "plan. sespolicy ships twins of hashicorp/aws (following the configuration's "
            "version constraint) and of the hashicorp utility providers (random, null, archive, "
            "time, tls, local, external, http, cloudinit); other providers, and registry or git "
            "modules, come from DIR/.terraform when an online `terraform init` left one. DIR is "
            "not modified."
        ),
    )
    parser.add_argument("directory", type=Path, metavar="DIR", help="Terraform configuration")
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="also write the plan JSON (terraform show -json)"
    )
    parser.add_argument(
        "--var-file",
        dest="var_files",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a .tfvars file for terraform plan (repeatable)",
    )
    parser.add_argument(
        "--var",
        dest="variables",
        action="append",
        default=[],
        metavar="K=V",
        help="a variable for terraform plan (repeatable)",
    )
    parser.add_argument(
        "--terraform",
        metavar="PATH",
        help="the terraform (or tofu) binary (default: terraform, else tofu, on PATH)",
    )
    parser.add_argument(
        "--isolated-provider",
        action="store_true",
        help=(
            "let Terraform start the provider itself, one process per provider configuration "
            "(slower; the default attaches Terraform to one provider server in this process)"
        ),
    )
    eval_command = _eval_module()
    if eval_command is not None:
        eval_command.add_eval_options(parser)
    parser.set_defaults(handler=_plan)


def _plan(args: argparse.Namespace) -> int:
    from sespolicy.display import escape_text
    from sespolicy.output_files import check_output_files, write_output
    from sespolicy.provider.planrun import PlanRequest, run_plan

    for assignment in args.variables:
        if "=" not in assignment:
            raise InputError(f"--var {assignment!r} is not K=V; write e.g. --var region=eu-west-1")
    eval_command = _eval_module()
    out = [] if args.out is None else [("--out", str(args.out))]
    if eval_command is not None:
        # Every eval option (output paths, rule ids, --region, config files) is checked before
        # Terraform runs, so a typo costs no plan and is never written into one. --out is
        # checked with the reports: no two on one file, none onto a --var-file, each writable.
        prepared = eval_command.prepare_evaluation(
            args, extra_outputs=out, extra_inputs=args.var_files
        )
        outputs = [*prepared.extra_outputs, *(output for _, output in prepared.file_reporters)]
    else:
        prepared = None
        outputs = check_output_files(out, inputs=args.var_files)
    request = PlanRequest(
        config_dir=args.directory,
        terraform=args.terraform,
        var_files=args.var_files,
        variables=args.variables,
        isolated_provider=args.isolated_provider,
        # The evaluation's --region stands in for AWS_REGION; the provider gets it the same way.
        default_region=getattr(args, "region", None),
        outputs=outputs,
    )
    result = run_plan(request)
    for note in request.notes:
        print(f"sespolicy: note: {escape_text(note)}", file=sys.stderr)
    if args.out is not None:
        write_output(outputs[0], result.plan_json.decode("utf-8", "replace"))

    if eval_command is None:
        # Evaluation is not in this build yet: the plan JSON is the result.
        if args.out is None:
            sys.stdout.buffer.write(result.plan_json)
        return 0
    from sespolicy.world.load import load_document_bytes

    document = load_document_bytes(result.plan_json, f"plan of {args.directory}")
    if not getattr(args, "source_dir", None):
        args.source_dir = [str(args.directory)]  # findings point into the planned configuration
    return eval_command.run_evaluation([document], args, prepared)
