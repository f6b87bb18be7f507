"""What the catalog documentation shows, read from the .feature files and the step registry.

The rule records come from sespolicy.policy.catalog (so the docs show exactly what `sespolicy eval`
runs); the feature-level name and description, which a RuleInfo folds into each rule's
description, are read from the same files so each family is described once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.parser import FeatureParser, ScenarioTemplate

from sespolicy.findings import Severity
from sespolicy.policy.catalog import Rule, builtin_policy_dir, load_catalog, load_rules


@dataclass(frozen=True)
class ScenarioDoc:
    """One runnable scenario: its name and step lines ("Given …") with Outline values filled."""

    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class RuleDoc:
    rule_id: str
    severity: Severity
    # As written in the feature file (an Outline's keeps its <placeholders>).
    title: str
    # The scenario's own description; the feature's text is on its FamilyDoc.
    description: str
    # One scenario, or one per Examples row of an Outline.
    scenarios: tuple[ScenarioDoc, ...]
    location: str
    # The scenario's own tags (rule id, severity, …); the feature's are on its FamilyDoc.
    tags: tuple[str, ...]


@dataclass(frozen=True)
class FamilyDoc:
    """One feature file: a family of rules with the reason they exist."""

    name: str
    families: tuple[str, ...]
    tags: tuple[str, ...]
    description: str
    source: str
    rules: tuple[RuleDoc, ...]


@dataclass(frozen=True)
class StepDoc:
    kind: str
    pattern: str
    summary: str
    used_by: tuple[str, ...]


@dataclass(frozen=True)
class CatalogDoc:
    families: tuple[FamilyDoc, ...]
    steps: tuple[StepDoc, ...]

    @property
    def rules(self) -> tuple[RuleDoc, ...]:
        return tuple(rule for family in self.families for rule in family.rules)


def build_catalog_doc(policy_dirs: Sequence[str] = (), replace: bool = False) -> CatalogDoc:
    """The built-in catalog plus (or, with replace, instead of) the given policy folders."""
    from sespolicy.policy.engine import check_steps

    # load_catalog checks what eval checks (one id per scenario, no id used twice), and
    # check_steps refuses a step no definition matches: docs never describe a catalog that
    # cannot run.
    all_rules = load_catalog(list(policy_dirs), replace)
    check_steps(all_rules)
    families: list[FamilyDoc] = []
    for directory, builtin in _policy_folders(policy_dirs, replace):
        rules = load_rules(directory, builtin=builtin)
        for path in sorted(directory.glob("*.feature")):
            in_file = [rule for rule in rules if Path(rule.file).name == path.name]
            if in_file:
                families.append(_family(directory, path, in_file))
    return CatalogDoc(tuple(families), _step_docs(all_rules))


def _policy_folders(policy_dirs: Sequence[str], replace: bool) -> list[tuple[Path, bool]]:
    # The same folders, in the same order, as load_catalog reads them.
    folders = [] if replace and policy_dirs else [(builtin_policy_dir(), True)]
    return folders + [(Path(directory), False) for directory in policy_dirs]


def _family(directory: Path, path: Path, rules: list[Rule]) -> FamilyDoc:
    feature = FeatureParser(str(directory), path.name).parse()
    templates = {template.line_number: template for template in feature.scenarios.values()}
    grouped: dict[str, list[Rule]] = {}
    for rule in rules:  # an Outline gives one Rule per Examples row, all with one id
        grouped.setdefault(rule.info.rule_id, []).append(rule)
    docs = tuple(
        _rule_doc(variants, templates[variants[0].line], feature_tags=frozenset(feature.tags))
        for variants in grouped.values()
    )
    return FamilyDoc(
        name=feature.name.strip(),
        families=tuple(sorted({rule.info.family for rule in rules})),
        tags=tuple(sorted(feature.tags)),
        description=(feature.description or "").strip(),
        source=rules[0].file,
        rules=docs,
    )


def _rule_doc(
    variants: list[Rule], template: ScenarioTemplate, feature_tags: frozenset[str]
) -> RuleDoc:
    info = variants[0].info
    scenarios: list[ScenarioDoc] = []
    for rule in variants:
        steps = tuple(f"{step.keyword.strip()} {step.text}" for step in rule.steps)
        scenario = ScenarioDoc(rule.info.title, steps)
        if scenario not in scenarios:
            scenarios.append(scenario)
    return RuleDoc(
        rule_id=info.rule_id,
        severity=info.severity,
        title=template.name.strip(),
        description=(template.description or "").strip(),
        scenarios=tuple(scenarios),
        location=info.policy,
        tags=tuple(tag for tag in info.tags if tag not in feature_tags),
    )


def _step_docs(rules: Sequence[Rule]) -> tuple[StepDoc, ...]:
    from sespolicy.policy.steps import REGISTRY

    users: dict[int, set[str]] = {}
    for rule in rules:
        for step in rule.steps:
            match = REGISTRY.find(step.kind, step.text)
            if match is not None:
                users.setdefault(id(match[0]), set()).add(rule.info.rule_id)
    order = {"given": 0, "when": 1, "then": 2}
    definitions = sorted(
        enumerate(REGISTRY.definitions), key=lambda item: (order.get(item[1].kind, 3), item[0])
    )
    return tuple(
        StepDoc(
            kind=definition.kind,
            pattern=definition.pattern,
            summary=definition.summary,
            used_by=tuple(sorted(users.get(id(definition), ()))),
        )
        for _, definition in definitions
    )
