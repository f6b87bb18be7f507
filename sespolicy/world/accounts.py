"""Which AWS account a resource lives in, where the inputs tell.

Names (bucket names, rule set names, identity domains …) only mean the same thing inside one
account: two environments in different accounts may well use the same names. A resource's
account comes from its own ARN (planned, or of the object that exists now), else from its
input: a provider pinned to one account (`allowed_account_ids`), or the one account every ARN
of the input names. Where nothing tells, the account is unknown, and unknown never keeps two
resources apart.
"""

from __future__ import annotations

from sespolicy.world.attribute_paths import is_marked
from sespolicy.world.aws_types import parse_arn
from sespolicy.world.model import ResourceInstance, World


def own_account(resource: ResourceInstance) -> str | None:
    """The account in the resource's own ARN (or, for an external node, the ARN it is)."""
    text = resource.address if resource.mode == "external" else resource.values.get("arn")
    if resource.mode != "external" and is_marked(resource.unknown, "arn"):
        text = resource.prior.get("arn")
    if not isinstance(text, str):
        return None
    arn = parse_arn(text)
    if arn is None or not arn.account.isdigit():
        return None
    return arn.account


def input_account(world: World) -> str | None:
    """The one account an input's resources live in, when it tells."""
    for provider in world.providers.values():
        if provider.name != "aws":
            continue
        allowed = provider.expressions.get("allowed_account_ids")
        if allowed is not None and allowed.has_constant:
            values = allowed.constant
            if isinstance(values, list) and len(values) == 1 and str(values[0]).isdigit():
                return str(values[0])
    accounts = {own_account(r) for r in world.resources.values()} - {None}
    return accounts.pop() if len(accounts) == 1 else None


def compatible(first: str | None, second: str | None) -> bool:
    """Two resources may name each other unless both accounts are known and differ."""
    return first is None or second is None or first == second
