"""sespolicy: Amazon SES regional rules for Terraform plans, written in Gherkin.

Python API (see sespolicy.api)::

    report = sespolicy.evaluate("plan.json", region="eu-west-1")
    graph = sespolicy.load_graph("plan.json")

The API and the records it returns are imported on first use, so `import sespolicy` (which
every CLI run does) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> the module that defines it.
_LAZY_EXPORTS: dict[str, str] = {
    "evaluate": "sespolicy.api",
    "load_graph": "sespolicy.api",
    "Report": "sespolicy.findings",
    "Finding": "sespolicy.findings",
    "RuleInfo": "sespolicy.findings",
    "Severity": "sespolicy.findings",
    "Status": "sespolicy.findings",
    "Summary": "sespolicy.findings",
    "SespolicyError": "sespolicy.errors",
    "InputError": "sespolicy.errors",
    "UsageError": "sespolicy.errors",
}

__all__ = [
    "Finding",
    "InputError",
    "Report",
    "RuleInfo",
    "SespolicyError",
    "Severity",
    "Status",
    "Summary",
    "UsageError",
    "__version__",
    "evaluate",
    "load_graph",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY_EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'sespolicy' has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY_EXPORTS))


if TYPE_CHECKING:
    from sespolicy.api import evaluate, load_graph
    from sespolicy.errors import InputError, SespolicyError, UsageError
    from sespolicy.findings import Finding, Report, RuleInfo, Severity, Status, Summary
