"""pytest plugin: `pytest --sespolicy-plan plan.json` collects the policy catalog as tests.

For teams that want pytest-bdd's own reports (`--cucumberjson`, junit, ...). The scenarios run
the SAME step functions as `sespolicy eval`: every definition of
`sespolicy.policy.steps.REGISTRY` is turned into a pytest-bdd step definition whose first
argument is the `sespolicy_context` fixture.

Without `--sespolicy-plan` the plugin only adds its options: no fixtures, no collection.

A scenario test passes when no resource fails, fails when some resource does (at most five
lines: the rule, up to three failing resources with their Region and message, and how many more
there are), and is skipped when its Given/When steps leave nothing in scope (not applicable,
reported at the scenario's line). Unknown verdicts do not fail, as with `sespolicy eval`
without `--strict`.

Policies are data: the policy folder is collected by a collector of its own that reads only its
`.feature` files. pytest never walks it as a directory, so a `conftest.py`, `__init__.py` or
`test_*.py` placed there is never imported or run. Tags become pytest marks only when pytest can
take them as such: rule ids, families and feature tags (`@ACME`) are registered as markers (so
`-m SES-RECV` works and `--strict-markers` passes), tags with a colon (`@severity:high`) are not
marks.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

# Every sespolicy import is deferred to first use: an installed-but-unused plugin must not slow
# down anyone's pytest start-up (the engine and step library take ~1.5 s to import).
if TYPE_CHECKING:
    from pytest_bdd.parser import ScenarioTemplate

    from sespolicy.policy.catalog import Rule
    from sespolicy.policy.steps import ScenarioContext, StepDefinition
    from sespolicy.world.pipeline import LoadedGraph
    from sespolicy.world.ses_regions import SesAvailability

_PLAN_OPTION = "sespolicy_plan"
_LAST_STEP = pytest.StashKey[bool]()
_ACTIVE_PLUGIN = "sespolicy-active"
# A failing rule prints at most this many lines: a header, resources, and "… more".
FAILURE_LINES = 5


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
        help="policy folder to collect (default: sespolicy's built-in catalog); only its "
        ".feature files are read, nothing in it is imported or run",
    )
    group.addoption(
        "--sespolicy-region",
        dest="sespolicy_region",
        metavar="REGION",
        help="Region for providers that set none (as AWS_REGION would)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, args: list[str]) -> None:
    """Refuse the policy folder typed as a test path too: pytest would import the conftest.py
    of a typed path before any other hook could stop it, and policies are data."""
    namespace = early_config.known_args_namespace
    policies = getattr(namespace, "sespolicy_policies", None)
    if not policies or not getattr(namespace, _PLAN_OPTION, None):
        return
    policy_dir = Path(policies).resolve()
    for typed in getattr(namespace, "file_or_dir", None) or []:
        path = Path(typed.split("::", 1)[0]).resolve()
        if path == policy_dir or policy_dir in path.parents:
            raise pytest.UsageError(
                f"sespolicy: {typed} is the --sespolicy-policies folder; give it only as "
                "--sespolicy-policies (policies are data: nothing in that folder is imported "
                "or run)"
            )


def pytest_configure(config: pytest.Config) -> None:
    plan = config.getoption(_PLAN_OPTION)
    if not plan:
        return
    plugin = SespolicyPlugin.from_options(
        Path(plan), config.getoption("sespolicy_policies"), config.getoption("sespolicy_region")
    )
    config.pluginmanager.register(plugin, _ACTIVE_PLUGIN)
    for tag in plugin.marker_tags:
        config.addinivalue_line("markers", f"{tag}: sespolicy policy tag @{tag}")
    # The policy folder usually lies outside the test paths, so pytest must be told to walk it.
    # Paths the user typed are kept; testpaths or the current folder (pytest's fallbacks when
    # none are typed) are not, so `pytest --sespolicy-plan plan.json` runs only the policies.
    if config.args_source is pytest.Config.ArgsSource.ARGS:
        config.args.append(str(plugin.policy_dir))
    else:
        config.args[:] = [str(plugin.policy_dir)]


@dataclass(frozen=True)
class RuleOfTest:
    """Which rule a generated test judges, for its failure and skip reports."""

    rule_id: str
    feature: Path
    line: int


class SespolicyPlugin:
    """The active half of the plugin, registered only when --sespolicy-plan is given."""

    def __init__(
        self,
        policy_dir: Path,
        loaded: LoadedGraph,
        availability: SesAvailability,
        rules: Sequence[Rule],
    ) -> None:
        self.policy_dir = policy_dir
        self.loaded = loaded
        self.availability = availability
        # Tags pytest can take as marks: no colon (pytest's marker syntax reads `a:b` as `a`).
        self.marker_tags = sorted(
            {tag for rule in rules for tag in rule.info.tags if ":" not in tag}
        )

    @classmethod
    def from_options(cls, plan: Path, policies: str | None, region: str | None) -> SespolicyPlugin:
        # Everything the user can get wrong is checked here, once, and reported as a usage
        # error on one line instead of as an error in every collected test.
        from sespolicy.display import escape_text
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
                    source_dirs=configuration_dirs(documents, {}),
                )
            )
        except SespolicyError as problem:
            raise pytest.UsageError(f"sespolicy: {escape_text(str(problem))}") from None
        if len(prepared.graphs) != 1:
            raise pytest.UsageError(f"sespolicy: {plan} must hold exactly one plan or state")
        return cls(policy_dir, prepared.graphs[0], prepared.availability, prepared.catalog)

    # Function-scoped on purpose: a plugin instance's method as a session fixture is
    # deprecated (PytestRemovedIn10Warning), and the graph is built once, at configure time.
    @pytest.fixture
    def sespolicy_graph(self) -> LoadedGraph:
        """The plan's region-aware graph (built once, when pytest starts)."""
        return self.loaded

    @pytest.fixture
    def sespolicy_context(self, sespolicy_graph: LoadedGraph) -> ScenarioContext:
        """A fresh scenario context: each scenario selects and judges on its own."""
        from sespolicy.policy.steps import ScenarioContext

        return ScenarioContext(sespolicy_graph.graph, self.availability)

    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(
        self, path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        if path.resolve() == self.policy_dir:
            return PolicyFolder.from_parent(parent, path=path)
        return None

    def pytest_bdd_before_step(
        self, request: pytest.FixtureRequest, scenario: Any, step: Any, **_: Any
    ) -> None:
        # A rule's verdicts are complete (with the rule's own words) after its last step: that
        # step reports the failing resources, so Cucumber JSON shows it failed.
        request.node.stash[_LAST_STEP] = step is scenario.steps[-1]

    @pytest.hookimpl(tryfirst=True)
    def pytest_bdd_apply_tag(self, tag: str, function: Callable[..., Any]) -> bool | None:
        # `@severity:high` cannot be a registered pytest mark; leave it off (True: handled).
        # Every other tag was registered as a marker at configure time.
        if ":" in tag:
            return True
        return None

    # An old-style wrapper: it works with every pytest the plugin supports (7.4 on).
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Iterator[None]:
        outcome = yield
        report = outcome.get_result()
        rule = getattr(getattr(item, "obj", None), "__sespolicy_rule__", None)
        if rule is None or call.excinfo is None:
            return
        if report.failed and isinstance(call.excinfo.value, PolicyFailure):
            report.longrepr = call.excinfo.value.short_report(rule)
        elif report.skipped and isinstance(report.longrepr, tuple):
            # Point the "not applicable" skip at the scenario, not at pytest's internals.
            reason = report.longrepr[2]
            report.longrepr = (str(rule.feature), rule.line, reason)


class PolicyFolder(pytest.Collector):
    """The policy folder: its `.feature` files and nothing else.

    Not a `pytest.Directory`, on purpose: pytest loads a directory's conftest.py before
    collecting it, and a package directory imports its __init__.py; policies are data.
    """

    def __init__(self, *, path: Path, **kwargs: Any) -> None:
        super().__init__(name=path.name, path=path, **kwargs)

    def collect(self) -> list[pytest.Collector]:
        return [
            PolicyModule.from_parent(self, path=feature)
            for feature in sorted(self.path.glob("*.feature"))
            if feature.is_file()
        ]


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
            test.__sespolicy_rule__ = RuleOfTest(
                _rule_id(template) or name, self.path, template.line_number
            )
            namespace[_unique_test_name(template, namespace)] = test
        return module


def _scenario_body() -> None:
    """The steps are the test; nothing runs after them."""


def _rule_id(template: ScenarioTemplate) -> str | None:
    from sespolicy.policy.catalog import is_rule_id

    ids = sorted(tag for tag in template.tags if is_rule_id(tag))
    return ids[0] if ids else None


def _unique_test_name(template: ScenarioTemplate, taken: dict[str, Any]) -> str:
    stem = _rule_id(template) or template.name
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


class PolicyFailure(AssertionError):
    """Resources a rule fails, each as "address (Region): message"."""

    def __init__(self, failures: list[str]) -> None:
        super().__init__(f"{len(failures)} resource(s) fail: " + "; ".join(failures))
        self.failures = failures

    def short_report(self, rule: RuleOfTest) -> str:
        """At most FAILURE_LINES lines: what a person needs to act, nothing of pytest's."""
        count = len(self.failures)
        header = (
            f"{rule.rule_id} fails for {count} resource{'s' if count != 1 else ''} "
            f"({rule.feature.name}:{rule.line})"
        )
        room = FAILURE_LINES - 1
        if count <= room:
            shown, rest = self.failures, 0
        else:
            shown, rest = self.failures[: room - 1], count - (room - 1)
        lines = [header, *(f"  {line}" for line in shown)]
        if rest:
            lines.append(
                f"  … and {rest} more (`sespolicy eval PLAN --rule {rule.rule_id}` lists all)"
            )
        return "\n".join(lines)


def _assert_nothing_fails(context: ScenarioContext) -> None:
    __tracebackhide__ = True
    from sespolicy.display import escape_text
    from sespolicy.findings import Status
    from sespolicy.policy.engine import verdicts_of

    failures = [
        escape_text(
            f"{verdict.address} "
            f"({context.graph.region(verdict.address).region or 'Region unknown'}): "
            f"{verdict.message}"
        )
        for verdict in sorted(verdicts_of(context, "policy"), key=lambda v: v.address)
        if verdict.status is Status.FAIL
    ]
    if failures:
        raise PolicyFailure(failures)
