"""Which AWS Region every resource lives in, and why.

Sources, in order (the order Terraform and the AWS provider use):
  1. the resource's own `region` (provider v6): set on the resource, or filled in by the
     provider and known in the plan;
  2. its provider configuration (`provider_config_key`): a constant, or `var.x` resolved from the
     plan's variables and through module inputs; aliases; providers inherited into modules;
     with the `.tf` files at hand (`--source-dir`), any expression the .tf reader can evaluate
     (locals, map lookups on variables);
  3. the Region inside the resource's own ARN (planned, or of the object that exists already);
  4. the `--region` default, then AWS_REGION / AWS_DEFAULT_REGION, named as such — but never
     for a provider that sets a region we cannot read: that provider decides, so the answer is
     unknown;
  5. otherwise unknown, with the reason and what would make it known.
Global services (IAM, Route 53, …) have no Region.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

from sespolicy.display import SENSITIVE, escape_text
from sespolicy.world.addresses import module_config_path, module_instance_parent, split_steps
from sespolicy.world.attribute_paths import is_marked
from sespolicy.world.aws_types import is_aws_type, is_global_type, parse_arn
from sespolicy.world.model import Expression, ProviderConfig, ResourceInstance, World


class RegionKind(str, Enum):
    ATTRIBUTE = "attribute"
    PROVIDER = "provider"
    ARN = "arn"
    DEFAULT = "default"
    ENVIRONMENT = "environment"
    GLOBAL = "global"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RegionAnswer:
    region: str | None
    kind: RegionKind
    detail: str
    # For an unknown answer: what would make the Region known ("set region on provider
    # aws.shared, or pass --region").
    hint: str = ""

    @cached_property
    def source(self) -> str:
        """The provenance as one readable string, e.g. `provider: aws.eu (region = "eu-west-1")`.

        Cached: one answer is shared by every finding about the resource.
        """
        return f"{self.kind.value}: {self.detail}"

    @property
    def known(self) -> bool:
        return self.region is not None

    @property
    def is_unknown(self) -> bool:
        return self.kind is RegionKind.UNKNOWN


@dataclass(frozen=True)
class RegionDefaults:
    """Where a provider with no region of its own gets one: --region, then the environment."""

    cli_region: str | None = None
    environment: Mapping[str, str] | None = None

    @classmethod
    def from_environment(cls, cli_region: str | None = None) -> RegionDefaults:
        return cls(cli_region, dict(os.environ))

    def answer(self, why_missing: str, provider_key: str | None = None) -> RegionAnswer:
        if self.cli_region:
            return RegionAnswer(
                self.cli_region, RegionKind.DEFAULT, f"--region {self.cli_region} ({why_missing})"
            )
        environment = self.environment or {}
        for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
            if environment.get(variable):
                value = environment[variable]
                return RegionAnswer(
                    value, RegionKind.ENVIRONMENT, f"{variable}={value} ({why_missing})"
                )
        where = f"set region on provider {provider_key}" if provider_key else "name the provider"
        return RegionAnswer(
            None,
            RegionKind.UNKNOWN,
            f"{why_missing}, and neither --region nor AWS_REGION/AWS_DEFAULT_REGION is set",
            f"{where}, or pass --region (as AWS_REGION would at apply)",
        )


@dataclass(frozen=True)
class SourceProviderRegion:
    """A provider block's `region` as the .tf reader evaluated it (see hcl/provider_regions)."""

    key: str  # provider_config key, e.g. "aws.eu" or "module.mail:aws"
    region: str | None  # None when the .tf reader could not evaluate it either
    expression: str  # the expression as written, e.g. `local.regions[var.env]`
    location: str  # "main.tf:12"


@dataclass(frozen=True)
class _Resolved:
    """A value worked out from configuration expressions, or why it could not be."""

    value: Any = None
    known: bool = False
    via: str = ""
    why_not: str = ""
    # From a variable declared sensitive (at any step of the chain): never printed.
    sensitive: bool = False


@dataclass(frozen=True)
class _ProviderLookup:
    """A provider's Region answer, or (answer None) why it has none, so defaults may apply."""

    answer: RegionAnswer | None
    why_missing: str = ""


class ExpressionEvaluator:
    """Works out constants and variable chains of configuration expressions.

    Terraform's JSON keeps constants and references, not the expressions themselves; so only
    expressions that are a constant or a single `var.x` (through any number of module inputs)
    can be evaluated. Everything else is reported as not known, with the reason.
    """

    def __init__(self, world: World) -> None:
        self.world = world

    def evaluate(
        self, expression: Expression | None, module_path: str, depth: int = 0
    ) -> _Resolved:
        if expression is None:
            return _Resolved(why_not="not set")
        if expression.has_constant:
            return _Resolved(expression.constant, True, "")
        references = [ref for ref in expression.references if ref]
        variables = [ref for ref in references if ref.startswith("var.")]
        # `var.` alone (no name) is nothing Terraform writes: not evaluated, like an expression.
        steps = split_steps(variables[0]) if len(variables) == 1 else []
        if len(references) != 1 or len(steps) < 2 or depth > 32:
            shown = ", ".join(references) or "an expression"
            return _Resolved(why_not=f"comes from {shown}, which the plan does not evaluate")
        return self.variable(steps[1].name, module_path, depth)

    def variable(self, name: str, module_path: str, depth: int = 0) -> _Resolved:
        if not module_path:
            if name in self.world.variables:
                sensitive = name in self.world.sensitive_variables
                return _Resolved(self.world.variables[name], True, f"var.{name}", "", sensitive)
            return _Resolved(why_not=f"var.{name} has no value in the plan")
        call = self.world.module_calls.get(module_path)
        if call is None:
            return _Resolved(why_not=f"{module_path} is not in the plan's configuration")
        declared_sensitive = name in call.sensitive_variables
        if name in call.inputs:
            inner = self.evaluate(call.inputs[name], call.parent_path, depth + 1)
            via = f"{module_path} input {name}" + (f" <- {inner.via}" if inner.via else "")
            sensitive = inner.sensitive or declared_sensitive
            return _Resolved(inner.value, inner.known, via, inner.why_not, sensitive)
        if name in call.variable_defaults:
            via = f"default of {module_path} var.{name}"
            return _Resolved(call.variable_defaults[name], True, via, "", declared_sensitive)
        return _Resolved(why_not=f"{module_path} var.{name} is not set")


# Actions after which the object is the one that exists now (not a new one).
_STAYS_IN_PLACE = frozenset({"update", "no-op"})


class RegionResolver:
    def __init__(
        self,
        world: World,
        defaults: RegionDefaults,
        source_regions: Callable[[], Mapping[str, SourceProviderRegion]] | None = None,
    ) -> None:
        self.world = world
        self.defaults = defaults
        # Provider regions evaluated from the .tf files, for expressions the plan cannot
        # settle; read on first need (parsing HCL costs more than a small plan's whole run).
        self._read_source_regions = source_regions
        self._source_regions: Mapping[str, SourceProviderRegion] | None = None
        self.evaluator = ExpressionEvaluator(world)
        self._provider_cache: dict[tuple[str | None, str], _ProviderLookup] = {}

    # -- resources -------------------------------------------------------------------------

    def resolve(self, instance: ResourceInstance) -> RegionAnswer:
        if instance.mode == "external":
            return self._from_own_arn(instance) or RegionAnswer(
                None, RegionKind.UNKNOWN, f"the ARN {instance.address} names no Region"
            )
        if not is_aws_type(instance.type):
            return RegionAnswer(None, RegionKind.GLOBAL, f"{instance.type} is not an AWS resource")
        if is_global_type(instance.type):
            return RegionAnswer(
                None, RegionKind.GLOBAL, f"{instance.type} belongs to a global AWS service"
            )
        own = self._own_region_value(instance)
        explicit = instance.expressions.get("region")
        if isinstance(explicit, dict) and (
            "constant_value" in explicit or explicit.get("references")
        ):
            # Set on the resource: the provider's region does not matter.
            if own is not None:
                return RegionAnswer(
                    own,
                    RegionKind.ATTRIBUTE,
                    f"region = {_own_region_shown(instance)} set on the resource",
                )
            refs = ", ".join(explicit.get("references") or []) or "an expression"
            return RegionAnswer(
                None,
                RegionKind.UNKNOWN,
                f"its region argument comes from {refs}, unknown until apply",
                "give its region argument a value known at plan time",
            )
        key = self._effective_key(instance)
        provider = self._provider_lookup(key, module_config_path(instance.module_address))
        answer = provider.answer
        if answer is not None and answer.region is not None:
            if own is not None and own != answer.region:
                # What Terraform planned outranks our reading of the provider block.
                return RegionAnswer(
                    own,
                    RegionKind.ATTRIBUTE,
                    f"region {_own_region_shown(instance)} in the plan (its provider "
                    f"{answer.detail} reads otherwise)",
                )
            return answer
        why = answer.detail if answer is not None else provider.why_missing
        if own is not None:
            # v6 fills `region` from the provider even where we cannot read the provider.
            return RegionAnswer(
                own,
                RegionKind.ATTRIBUTE,
                f"region {_own_region_shown(instance)} filled in by the provider ({why})",
            )
        from_arn = self._from_own_arn(instance)
        if from_arn is not None:
            return RegionAnswer(from_arn.region, from_arn.kind, f"{from_arn.detail} ({why})")
        if answer is not None:
            # The provider sets a region we cannot read: --region and the environment would
            # not apply at apply time either, so they must not decide here.
            return answer
        if self.world.kind == "state":
            # What exists was created wherever its provider pointed then: today's --region or
            # environment says nothing about it.
            return RegionAnswer(
                None,
                RegionKind.UNKNOWN,
                f"{provider.why_missing}, and {instance.type} has neither a region attribute "
                "nor an ARN in it",
                "evaluate the plan of its configuration instead, where the provider's region "
                "is recorded",
            )
        return self.defaults.answer(provider.why_missing, key)

    def _own_region_value(self, instance: ResourceInstance) -> str | None:
        value = instance.values.get("region")
        if isinstance(value, str) and value and not is_marked(instance.unknown, "region"):
            return value
        return None

    def _effective_key(self, instance: ResourceInstance) -> str | None:
        """Terraform 0.12 wrote the configuration a module was given as the resource's
        `provider_name` ("aws.primary"); prefer it over the module's inherited entry."""
        key = instance.provider_config_key
        name = instance.provider_name
        if (
            key
            and ":" in key
            and "/" not in name
            and name in self.world.providers
            and not (self.world.providers.get(key) and self.world.providers[key].expressions)
        ):
            return name
        return key

    def _from_own_arn(self, instance: ResourceInstance) -> RegionAnswer | None:
        """The Region in the resource's ARN: planned, or that of the object that exists now."""
        text = instance.values.get("arn")
        if instance.mode == "external":
            # An external node's address may be a name (a sensitive ARN's): its ARN is a value.
            if not isinstance(text, str):
                return None
            return self._arn_answer(text, "its ARN", is_marked(instance.sensitive, "arn"))
        if isinstance(text, str) and not is_marked(instance.unknown, "arn"):
            return self._arn_answer(text, "its ARN", is_marked(instance.sensitive, "arn"))
        if instance.action in _STAYS_IN_PLACE:
            # An in-place update does not move the object: its current ARN still tells.
            text = instance.prior.get("arn")
            if isinstance(text, str):
                return self._arn_answer(
                    text, "the ARN it has now", is_marked(instance.prior_sensitive, "arn")
                )
        return None

    @staticmethod
    def _arn_answer(text: str, what: str, sensitive: bool) -> RegionAnswer | None:
        arn = parse_arn(text)
        if arn is None or not arn.region:
            return None
        named = SENSITIVE if sensitive else escape_text(text)
        return RegionAnswer(arn.region, RegionKind.ARN, f"the Region in {what} {named}")

    # -- providers -------------------------------------------------------------------------

    def provider_region(self, instance: ResourceInstance) -> RegionAnswer:
        """The Region of a resource's provider configuration, whatever its own `region` says.

        This is what an IAM access key's SMTP password is derived for: IAM has no Region.
        """
        lookup = self._provider_lookup(
            instance.provider_config_key, module_config_path(instance.module_address)
        )
        return lookup.answer or self.defaults.answer(
            lookup.why_missing, instance.provider_config_key
        )

    def _provider_lookup(self, key: str | None, module_path: str = "") -> _ProviderLookup:
        cache_key = (key, module_path if key and ":" in key else "")
        if cache_key not in self._provider_cache:
            self._provider_cache[cache_key] = self._resolve_provider(key, module_path, frozenset())
        return self._provider_cache[cache_key]

    def _resolve_provider(
        self, key: str | None, module_path: str, seen: frozenset[str]
    ) -> _ProviderLookup:
        if key is None:
            if self.world.kind == "state":
                return _ProviderLookup(None, "a state records no provider region")
            if not self.world.has_configuration:
                return _ProviderLookup(
                    None, "the plan has no configuration block naming its provider"
                )
            return _ProviderLookup(None, "the plan records no provider configuration for it")
        provider = self.world.providers.get(key)
        if provider is not None and "region" in provider.expressions:
            return self._from_region_expression(provider)
        inherited = self._inherited_key(key, provider, module_path)
        if inherited and inherited not in seen:
            parent_path = inherited.split(":", 1)[0] if ":" in inherited else ""
            lookup = self._resolve_provider(inherited, parent_path, seen | {key})
            prefix = f"{key} inherits {inherited}"
            if lookup.answer is None:
                return _ProviderLookup(None, f"{prefix}; {lookup.why_missing}")
            answer = lookup.answer
            return _ProviderLookup(
                RegionAnswer(answer.region, answer.kind, f"{prefix}: {answer.detail}", answer.hint)
            )
        if provider is None:
            return _ProviderLookup(None, f"provider configuration {key} is not in the plan")
        return _ProviderLookup(None, f"provider {key} sets no region")

    def _from_region_expression(self, provider: ProviderConfig) -> _ProviderLookup:
        expression = provider.expressions["region"]
        resolved = self.evaluator.evaluate(expression, provider.module_path)
        name = provider.key
        if resolved.known and isinstance(resolved.value, str) and resolved.value:
            via = f" via {resolved.via}" if resolved.via else ""
            value = _quoted(resolved.value, resolved.sensitive)
            return _ProviderLookup(
                RegionAnswer(resolved.value, RegionKind.PROVIDER, f"{name} (region = {value}{via})")
            )
        if resolved.known:
            # region = null or "": the provider falls back to the environment at apply.
            return _ProviderLookup(None, f"provider {name} sets region to an empty value")
        from_source = self._source_region(name)
        if from_source is not None and from_source.region:
            return _ProviderLookup(
                RegionAnswer(
                    from_source.region,
                    RegionKind.PROVIDER,
                    f"{name} region = {from_source.expression} → {from_source.region} "
                    f"({from_source.location})",
                )
            )
        if from_source is not None:
            return _ProviderLookup(
                RegionAnswer(
                    None,
                    RegionKind.UNKNOWN,
                    f"provider {name} region = {from_source.expression} ({from_source.location}) "
                    "cannot be evaluated from the plan or the .tf files",
                    f"give provider {name} a region the plan records (a constant or a variable)",
                )
            )
        return _ProviderLookup(
            RegionAnswer(
                None,
                RegionKind.UNKNOWN,
                f"provider {name} region {resolved.why_not}",
                "pass --source-dir with the configuration so its region expression can be "
                f"evaluated, or give provider {name} a region the plan records",
            )
        )

    def _source_region(self, key: str) -> SourceProviderRegion | None:
        if self._read_source_regions is None:
            return None
        if self._source_regions is None:
            self._source_regions = self._read_source_regions()
        return self._source_regions.get(key)

    def _inherited_key(
        self, key: str, provider: ProviderConfig | None, module_path: str
    ) -> str | None:
        """The configuration a module's provider without arguments stands for.

        A module that only declares required_providers uses its parent's provider of the same
        name. Terraform >= 1.2 already writes the root key; older plans write `module.x:aws`
        (with an empty provider_config entry) or, before 1.0, `x:aws` with no entry at all.
        Module provider mappings are not recorded in plans, so aliases map by name.
        """
        if provider is not None and (provider.expressions or not provider.module_path):
            return None
        if ":" not in key:
            return None
        local_name = key.split(":", 1)[1]
        path = provider.module_path if provider is not None else module_path
        while path:
            path = module_instance_parent(path)  # config paths are keyless module addresses
            for name in (local_name, local_name.split(".")[0]):
                candidate = f"{path}:{name}" if path else name
                if candidate in self.world.providers:
                    return candidate
        return None


def _quoted(value: str, sensitive: bool) -> str:
    """A Region value for provenance: quoted, or SENSITIVE when it came from a sensitive value."""
    return SENSITIVE if sensitive else f'"{escape_text(value)}"'


def _own_region_shown(instance: ResourceInstance) -> str:
    return _quoted(str(instance.values.get("region")), is_marked(instance.sensitive, "region"))
