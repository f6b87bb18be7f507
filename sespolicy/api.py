"""The Python API: judge a plan from code the way `sespolicy eval` does on the command line.

Example (a plan as an already-parsed dict; a path or the raw bytes work the same way)::

    >>> import sespolicy
    >>> plan = {
    ...     "format_version": "1.2",
    ...     "terraform_version": "1.9.8",
    ...     "planned_values": {"root_module": {"resources": [{
    ...         "address": "aws_ses_domain_identity.main",
    ...         "mode": "managed",
    ...         "type": "aws_ses_domain_identity",
    ...         "name": "main",
    ...         "provider_name": "registry.terraform.io/hashicorp/aws",
    ...         "values": {"domain": "example.com"},
    ...     }]}},
    ... }
    >>> report = sespolicy.evaluate(plan, region="ap-east-1")
    >>> [(f.rule_id, f.status.value, f.address) for f in report.findings]
    [('SES-REGION-001', 'fail', 'aws_ses_domain_identity.main')]
    >>> report.summary.failed
    1
    >>> sespolicy.evaluate(plan, region="eu-west-1").summary.failed
    0

Errors the user can fix (a file that is not a plan, an unknown policy folder) raise
sespolicy.errors.InputError / UsageError with a one-line message, as the CLI prints them.
Nothing is printed: the loader's warnings (e.g. an errored plan) are in `Report.notes`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from sespolicy.errors import InputError

if TYPE_CHECKING:
    from sespolicy.findings import Report
    from sespolicy.gate.decision import Gate
    from sespolicy.world.graph import ResourceGraph
    from sespolicy.world.load import LoadedDocument

# A path (plan/state JSON file, or a directory of .tf files), the bytes of plan/state JSON, or
# that JSON already parsed.
PlanInput = Union[str, "os.PathLike[str]", bytes, bytearray, Mapping[str, Any]]

BYTES_SOURCE = "<bytes>"
DICT_SOURCE = "<dict>"


def evaluate(
    plan: PlanInput,
    *,
    region: str | None = None,
    policies: Iterable[str | os.PathLike[str]] = (),
    rules: Iterable[str] = (),
    skip_rules: Iterable[str] = (),
    ses_regions: str | os.PathLike[str] | None = None,
    tags: str | None = None,
    replace_policies: bool = False,
    config: str | os.PathLike[str] | None = None,
    waivers: Iterable[str | os.PathLike[str]] = (),
    baseline: str | os.PathLike[str] | None = None,
) -> Report:
    """Judge one plan against the rule catalog and return the Report every reporter reads.

    plan: a path to `terraform show -json` output (plan or state), a directory of .tf files,
        the bytes of that JSON, or the JSON already parsed into a dict.
    region: the Region for providers that set none, as `--region` (else AWS_REGION /
        AWS_DEFAULT_REGION from the environment, as the CLI does).
    policies: extra folders of .feature files, added to the built-in catalog (or used instead
        of it with replace_policies=True).
    rules / skip_rules: rule ids or families to run only / to skip, e.g. ("SES-RECV",).
    ses_regions: a file replacing the built-in table of Regions that offer SES.
    tags: a tag expression such as "@severity:high and not @SES-SUPP".
    config / waivers: a config file (`.sespolicy.toml` format) and further waiver files. A
        waived finding stays in the report with `waived_by` set. Unlike the CLI, nothing is
        read from the current directory unless named here.
    baseline: a file written by `sespolicy baseline`; findings it records are marked known.

    The Report has `.findings` (one per rule and resource judged: pass, fail or unknown with
    the reason), `.rules`, `.plans` and `.summary` (rules counted by their worst verdict).
    """
    from sespolicy.evaluation import EvaluationRequest
    from sespolicy.evaluation import evaluate as evaluate_request
    from sespolicy.policy.selection import Selection

    document = load_plan(plan)
    gate = _gate(config, _many(waivers), baseline)  # a bad file fails before any judging
    request = EvaluationRequest(
        documents=[document],
        region=region,
        policies=[os.fspath(folder) for folder in _many(policies)],
        replace_policies=replace_policies,
        selection=Selection(tuple(_many(rules)), tuple(_many(skip_rules)), tags),
        ses_regions=os.fspath(ses_regions) if ses_regions is not None else None,
        gate=gate,
    )
    # Nothing is printed: loader and gate warnings are in report.notes.
    return evaluate_request(request).report


def load_graph(plan: PlanInput, *, region: str | None = None) -> ResourceGraph:
    """The region-aware resource graph of a plan (what `sespolicy graph` shows)."""
    from sespolicy.world.pipeline import graph_documents

    return graph_documents([load_plan(plan)], region)[0].graph


def load_plan(plan: PlanInput) -> LoadedDocument:
    """Read a plan given as a path, bytes or parsed dict, with the CLI's checks and errors."""
    from sespolicy.world.load import load_document_bytes, load_documents

    if isinstance(plan, (bytes, bytearray)):
        return load_document_bytes(bytes(plan), BYTES_SOURCE)
    if isinstance(plan, Mapping):
        return load_document_bytes(_json_bytes(plan), DICT_SOURCE)
    if isinstance(plan, (str, os.PathLike)):
        return load_documents([os.fspath(plan)])[0]
    raise TypeError(
        f"plan must be a path, bytes or a dict of plan JSON, not {type(plan).__name__}"
    )


def _gate(
    config: str | os.PathLike[str] | None,
    waivers: list[str | os.PathLike[str]],
    baseline: str | os.PathLike[str] | None,
) -> Gate | None:
    from sespolicy.gate.baseline import read_baseline
    from sespolicy.gate.decision import Gate
    from sespolicy.gate.settings_file import PolicyConfig, read_config_file

    files = [Path(config)] if config is not None else []
    files += [Path(waiver) for waiver in waivers]
    if not files and baseline is None:
        return None
    policy = PolicyConfig()
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such config or waiver file")
        loaded = read_config_file(path)
        policy = policy.merged_with(loaded) if policy.sources else loaded
    known = read_baseline(Path(baseline)) if baseline is not None else None
    return Gate(config=policy, baseline=known)


def _json_bytes(plan: Mapping[str, Any]) -> bytes:
    # The dict goes through the same checks as a file; its sha256 in the report is that of
    # this serialisation, not of any file it was once read from.
    try:
        return json.dumps(plan, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as problem:
        raise InputError(f"the plan dict is not plain JSON data: {problem}") from None


def _many(values: Iterable[Any]) -> list[Any]:
    # One id or folder given as a plain string means that one, not its characters.
    if isinstance(values, (str, bytes, os.PathLike)):
        return [values]
    return list(values)
