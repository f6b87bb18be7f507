"""The step library: importing this package registers every step in REGISTRY."""

from sespolicy.policy.steps import generic, ses  # noqa: F401  (registration by import)
from sespolicy.policy.steps.context import ScenarioContext, Subject, Verdict
from sespolicy.policy.steps.registry import REGISTRY, StepDefinition, StepRegistry

__all__ = ["REGISTRY", "ScenarioContext", "StepDefinition", "StepRegistry", "Subject", "Verdict"]
