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

# The account AWS documentation uses in its examples, and the one sespolicy's plan-only
# provider answers with (its data sources cannot know the real one): never a real account.
PLACEHOLDER_ACCOUNT = "123456789012"


def _real(account: object) -> str | None:
    text = str(account) if account is not None else ""
    return text if text.isdigit() and text != PLACEHOLDER_ACCOUNT else None


def own_account(resource: ResourceInstance) -> str | None:
    """The account in the resource's own ARN (or, for an external node, the ARN it is)."""
    text = resource.address if resource.mode == "external" else resource.values.get("arn")
    if resource.mode != "external" and is_marked(resource.unknown, "arn"):
        text = resource.prior.get("arn")
    if not isinstance(text, str):
        return None
    arn = parse_arn(text)
    return _real(arn.account) if arn is not None else None


def input_account(world: World) -> str | None:
    """The one account an input's resources live in, when it tells: its provider's
    `allowed_account_ids`, an `aws_caller_identity` it read, or the one account of its ARNs."""
    for resource in world.resources.values():
        if resource.type == "aws_caller_identity" and resource.mode == "data":
            account = _real(resource.values.get("account_id"))
            if account is not None:
                return account
    for provider in world.providers.values():
        if provider.name != "aws":
            continue
        allowed = provider.expressions.get("allowed_account_ids")
        if allowed is not None and allowed.has_constant:
            values = allowed.constant
            if isinstance(values, list) and len(values) == 1 and _real(values[0]):
                return str(values[0])
    accounts = {own_account(r) for r in world.resources.values()} - {None}
    return accounts.pop() if len(accounts) == 1 else None


def compatible(first: str | None, second: str | None) -> bool:
    """Two resources may name each other unless both accounts are known and differ."""
    return first is None or second is None or first == second
