"""pytest plugin: `pytest --sespolicy-plan plan.json` collects the policy catalog as tests.

For teams that want pytest-bdd's own reports (`--cucumberjson`, junit, ...). The scenarios run
the SAME step functions as `sespolicy eval`: every definition of
`sespolicy.policy.steps.REGISTRY` is turned into a pytest-bdd step definition whose first
argument is the `sespolicy_context` fixture.

Without `--sespolicy-plan` the plugin only adds its options: no fixtures, no collection.

A scenario test passes when no resource fails, fails (listing each failing resource) when some
resource fails, and is skipped when its Given/When steps leave nothing in scope (not applicable).
Unknown verdicts do not fail, as with `sespolicy eval` without `--strict`.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Every sespolicy import is deferred to first use: an installed-but-unused plugin must not slow
# down anyone's pytest start-up (the engine and step library take ~1.5 s to import).
if TYPE_CHECKING:
    from pytest_bdd.parser import ScenarioTemplate

    from sespolicy.policy.steps import ScenarioContext, StepDefinition
    from sespolicy.world.pipeline import LoadedGraph
    from sespolicy.world.ses_regions import SesAvailability

_PLAN_OPTION = "sespolicy_plan"
_LAST_STEP = pytest.StashKey[bool]()
_RULE_TAG_PREFIX = "SES-"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sespolicy", "SES regional policies (sespolicy)")
    group.addoption(
        "--sespolicy-plan",
        dest=_PLAN_OPTION,
        metavar="PATH",
        help="Terraform plan/state JSON to check; collects the sespolicy policies as tests",
    )
    group.addoption(
        "--sespolicy-policies",
        dest="sespolicy_policies",
        metavar="DIR",
        help="policy folder to collect (default: sespolicy's built-in catalog)",
    )
    group.addoption(
        "--sespolicy-region",
        dest="sespolicy_region",
        metavar="REGION",
        help="Region for providers that set none (as AWS_REGION would)",
    )


def pytest_configure(config: pytest.Config) -> None:
    plan = config.getoption(_PLAN_OPTION)
    if not plan:
        return
    plugin = SespolicyPlugin.from_options(
        Path(plan), config.getoption("sespolicy_policies"), config.getoption("sespolicy_region")
    )
    config.pluginmanager.register(plugin, "sespolicy-active")
    # The policy folder usually lies outside the test paths, so pytest must be told to walk it.
    # Paths the user typed are kept; testpaths or the current folder (pytest's fallbacks when
    # none are typed) are not, so `pytest --sespolicy-plan plan.json` runs only the policies.
    if config.args_source is pytest.Config.ArgsSource.ARGS:
        config.args.append(str(plugin.policy_dir))
    else:
        config.args[:] = [str(plugin.policy_dir)]


class SespolicyPlugin:
    """The active half of the plugin, registered only when --sespolicy-plan is given."""

    def __init__(
        self, policy_dir: Path, loaded: LoadedGraph, availability: SesAvailability
    ) -> None:
        self.policy_dir = policy_dir
        self.loaded = loaded
        self.availability = availability

    @classmethod
    def from_options(cls, plan: Path, policies: str | None, region: str | None) -> SespolicyPlugin:
        # Everything the user can get wrong is checked here, once, and reported as a usage
        # error on one line instead of as an error in every collected test.
        from sespolicy.errors import SespolicyError
        from sespolicy.evaluation import EvaluationRequest, prepare
        from sespolicy.policy.catalog import builtin_policy_dir
        from sespolicy.source_locations import configuration_dirs
        from sespolicy.world.load import load_documents

        policy_dir = Path(policies).resolve() if policies else builtin_policy_dir()
        try:
            documents = load_documents([str(plan)])
            # The same preparation as `sespolicy eval`: policies bound (a bad step is refused
            # here), the Region table read, the graph built.
            prepared = prepare(
                EvaluationRequest(
                    documents=documents,
                    region=region,
                    policies=[str(policy_dir)] if policies else [],
                    replace_policies=bool(policies),
                    source_dirs=configuration_dirs(documents, None),
                )
            )
        except SespolicyError as problem:
            raise pytest.UsageError(f"sespolicy: {problem}") from None
        if len(prepared.graphs) != 1:
            raise pytest.UsageError(f"sespolicy: {plan} must hold exactly one plan or state")
        return cls(policy_dir, prepared.graphs[0], prepared.availability)

    @pytest.fixture(scope="session")
    def sespolicy_graph(self) -> LoadedGraph:
        """The plan's region-aware graph, built once per session (at configure time)."""
        return self.loaded

    @pytest.fixture
    def sespolicy_context(self, sespolicy_graph: LoadedGraph) -> ScenarioContext:
        """A fresh scenario context: each scenario selects and judges on its own."""
        from sespolicy.policy.steps import ScenarioContext

        return ScenarioContext(sespolicy_graph.graph, self.availability)

    def pytest_collect_file(
        self, file_path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        if file_path.suffix == ".feature" and file_path.parent == self.policy_dir:
            return PolicyModule.from_parent(parent, path=file_path)
        return None

    def pytest_bdd_before_step(
        self, request: pytest.FixtureRequest, scenario: Any, step: Any, **_: Any
    ) -> None:
        # A rule's verdicts are complete (with the rule's own words) after its last step: that
        # step reports the failing resources, so Cucumber JSON shows it failed.
        request.node.stash[_LAST_STEP] = step is scenario.steps[-1]

    @pytest.hookimpl(tryfirst=True)
    def pytest_bdd_apply_tag(self, tag: str, function: Callable[..., Any]) -> bool | None:
        # Rule ids and severities are not pytest marks; turning them into marks would only
        # produce "unknown mark" warnings. Other tags keep pytest-bdd's default handling.
        if tag.startswith(_RULE_TAG_PREFIX) or tag.startswith("severity:"):
            return True
        return None


class PolicyModule(pytest.Module):
    """One policy .feature file, collected as a module of generated pytest-bdd tests."""

    def _getobj(self) -> types.ModuleType:
        from pytest_bdd import scenario
        from pytest_bdd.parser import FeatureParser

        from sespolicy.policy.steps import REGISTRY

        module = types.ModuleType(f"sespolicy_policies.{self.path.stem}")
        module.__file__ = str(self.path)
        namespace = module.__dict__
        for definition in REGISTRY.definitions:
            _define_step(namespace, definition)
        feature = FeatureParser(str(self.path.parent), self.path.name).parse()
        for name, template in feature.scenarios.items():
            test = scenario(str(self.path), name, features_base_dir=str(self.path.parent))(
                _scenario_body
            )
            namespace[_unique_test_name(template, namespace)] = test
        return module


def _scenario_body() -> None:
    """The steps are the test; the last one fails when a resource in scope fails."""


def _unique_test_name(template: ScenarioTemplate, taken: dict[str, Any]) -> str:
    ids = sorted(t for t in template.tags if t.startswith(_RULE_TAG_PREFIX) and t.count("-") >= 2)
    stem = ids[0] if ids else template.name
    base = "test_" + "".join(c if c.isalnum() else "_" for c in stem)
    name, counter = base, 1
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    return name


def _define_step(namespace: dict[str, Any], definition: StepDefinition) -> None:
    import pytest_bdd

    step_decorator = getattr(pytest_bdd, definition.kind)  # given, when or then
    decorator = step_decorator(pytest_bdd.parsers.re(definition.regex.pattern))
    # pytest-bdd stores the step fixture in its caller's module namespace; running the
    # decoration as module-level code in `namespace` makes that namespace the caller.
    namespace["_sespolicy_decorate"] = decorator
    namespace["_sespolicy_step"] = _step_function(definition)
    exec("_sespolicy_decorate(_sespolicy_step)", namespace)
    del namespace["_sespolicy_decorate"], namespace["_sespolicy_step"]


def _step_function(definition: StepDefinition) -> Callable[..., None]:
    def run_step(
        sespolicy_context: ScenarioContext, request: pytest.FixtureRequest, **raw: str | None
    ) -> None:
        __tracebackhide__ = True  # the failing resources matter, not the plugin's frames
        from sespolicy.policy.engine import run_step as engine_step

        present = {name: text for name, text in raw.items() if text is not None}
        if not engine_step(sespolicy_context, definition, definition.convert(present)):
            pytest.skip("not applicable: no resource of the plan is in scope")
        if request.node.stash.get(_LAST_STEP, False):
            _assert_nothing_fails(sespolicy_context)

    # pytest-bdd passes parsed arguments by the names in the signature and fixtures by the
    # required positional names: declare both explicitly.
    parameters = [
        inspect.Parameter("sespolicy_context", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
    ] + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None)
        for name in definition.regex.groupindex
    ]
    run_step.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run_step.__name__ = f"sespolicy_{definition.kind}_{definition.function.__name__}"
    run_step.__doc__ = definition.summary
    return run_step


def _assert_nothing_fails(context: ScenarioContext) -> None:
    __tracebackhide__ = True
    from sespolicy.findings import Status
    from sespolicy.policy.engine import verdicts_of

    failures = [
        f"{verdict.address} ({context.graph.region(verdict.address).region or 'Region unknown'})"
        f": {verdict.message}"
        for verdict in verdicts_of(context, "policy")
        if verdict.status is Status.FAIL
    ]
    if failures:
        raise AssertionError(
            f"{len(failures)} resource(s) fail:\n" + "\n".join(f"  {line}" for line in failures)
        )
