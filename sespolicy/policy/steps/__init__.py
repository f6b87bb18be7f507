"""The step vocabulary: importing this package registers every step in REGISTRY.

select (Given) -> narrow / relate (When) -> judge (Then) -> describe (the verdict's words).
"""

from sespolicy.policy.steps import describe, judge, narrow, relate, select  # noqa: F401
from sespolicy.policy.steps.registry import (
    REGISTRY,
    Capability,
    Role,
    StepDefinition,
    StepRegistry,
)
from sespolicy.policy.steps.scope import Outcome, ScenarioContext, Subject

__all__ = [
    "REGISTRY",
    "Capability",
    "Outcome",
    "Role",
    "ScenarioContext",
    "StepDefinition",
    "StepRegistry",
    "Subject",
]
