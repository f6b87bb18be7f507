"""The rule catalog: `.feature` files parsed with pytest-bdd's parser into rules."""

from __future__ import annotations

import os
import re
from importlib import util
from pathlib import Path
from typing import Any

from sespolicy.errors import InputError
from sespolicy.findings import RuleInfo, Severity
from sespolicy.policy.parse_cache import catalog_key, read_cached_catalog, write_cached_catalog
from sespolicy.policy.rule import PolicyStep, Rule

__all__ = ["PolicyStep", "Rule", "builtin_policy_dir", "load_catalog", "load_rules"]

# A rule id tag: upper-case family words and a number, e.g. SES-RECV-001 or ACME-MAIL-7.
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+$")


def is_rule_id(tag: str) -> bool:
    """Whether a tag names a rule: family words and a number (SES-RECV-001, ACME-MAIL-7)."""
    return bool(_RULE_ID.match(tag))


def builtin_policy_dir() -> Path:
    """policies/ of a source checkout, else the copy installed as sespolicy.policies."""
    checkout = Path(__file__).resolve().parents[2] / "policies"
    if checkout.is_dir():
        return checkout
    # policies/ has no __init__.py, so the installed copy is a namespace package: files() gives
    # a MultiplexedPath there, whose str() is not a path; the spec's search location is.
    spec = util.find_spec("sespolicy.policies")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the built-in policies are not installed; reinstall sespolicy")
    return Path(next(iter(spec.submodule_search_locations)))


def _display_path(path: Path, base: Path, builtin: bool) -> str:
    return f"policies/{path.name}" if builtin else os.path.relpath(path)


def _tags(template: Any) -> set[str]:
    tags = set(template.tags) | set(template.feature.tags)
    if template.rule is not None:
        tags |= set(template.rule.tags)
    return tags


def _rule_from_template(template: Any, display: str, context: dict) -> Rule:
    """One Rule from a pytest-bdd ScenarioTemplate rendered with an Examples row."""
    tags = _tags(template)
    ids = sorted(t for t in tags if _RULE_ID.match(t))
    severities = [t.split(":", 1)[1] for t in tags if t.startswith("severity:")]
    where = f"{display}:{template.line_number}"
    if len(ids) != 1:
        raise InputError(
            f"{where}: a scenario needs exactly one rule id tag like @SES-RECV-001 (found "
            f"{', '.join('@' + i for i in ids) or 'none'})"
        )
    try:
        severity = Severity.parse(severities[0]) if severities else Severity.MEDIUM
    except ValueError as problem:
        raise InputError(f"{where}: {problem}") from None
    scenario = template.render(context)
    steps = tuple(PolicyStep(s.type, s.name, s.line_number, s.keyword) for s in scenario.steps)
    rule_id = ids[0]
    description = "\n".join(
        part.strip()
        for part in (template.feature.description, template.description)
        if part and part.strip()
    )
    gherkin = "\n".join(f"{s.keyword.strip()} {s.text}" for s in steps)
    info = RuleInfo(
        rule_id=rule_id,
        family=rule_id.rsplit("-", 1)[0],
        severity=severity,
        title=scenario.name,
        description=description,
        policy=where,
        gherkin=gherkin,
        tags=tuple(sorted(tags)),
        step_lines=tuple(step.line for step in steps),
    )
    return Rule(info, steps, display, template.line_number)


def load_rules(directory: Path, builtin: bool = False) -> list[Rule]:
    """The rules of a policy folder, from the parse cache when the files are unchanged.

    Importing pytest-bdd (and through it pytest) costs more than the rest of a small run, so
    parsed catalogs are cached by content hash; any change to a file parses it again.
    """
    if not directory.is_dir():
        raise InputError(f"policy folder {directory} does not exist")
    paths = sorted(directory.glob("*.feature"))
    displays = [_display_path(path, directory, builtin) for path in paths]
    key = catalog_key(paths, displays)
    cached = read_cached_catalog(key)
    if cached is not None:
        return cached
    rules = _parse_rules(directory, paths, displays)
    write_cached_catalog(key, rules)
    return rules


def _parse_rules(directory: Path, paths: list[Path], displays: list[str]) -> list[Rule]:
    from pytest_bdd.parser import FeatureParser

    rules: list[Rule] = []
    for path, display in zip(paths, displays, strict=True):
        try:
            feature = FeatureParser(str(directory), path.name).parse()
        except Exception as problem:  # the Gherkin parser raises several error types
            raise InputError(
                f"{display}: not valid Gherkin: {str(problem).splitlines()[0]}"
            ) from None
        for template in feature.scenarios.values():
            contexts = [
                row for examples in template.examples for row in examples.as_contexts()
            ] or [{}]
            for context in contexts:
                rules.append(_rule_from_template(template, display, context))
    return rules


def load_catalog(extra_dirs: list[str] | None = None, replace: bool = False) -> list[Rule]:
    """The built-in rules plus (or, with replace, instead of) the user's policy folders."""
    rules = [] if replace and extra_dirs else load_rules(builtin_policy_dir(), builtin=True)
    for directory in extra_dirs or []:
        rules.extend(load_rules(Path(directory)))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.info.rule_id in seen and seen[rule.info.rule_id] != rule.info.policy:
            raise InputError(
                f"rule id {rule.info.rule_id} is used twice: {seen[rule.info.rule_id]} and "
                f"{rule.info.policy}; give each scenario its own id"
            )
        seen[rule.info.rule_id] = rule.info.policy
    return rules
