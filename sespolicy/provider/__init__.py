"""A plan-only hashicorp/aws provider, generated from the real provider schema.

Terraform runs `init`, `plan` and `show -json` against it offline, so the plan JSON is
Terraform's own. Kept import-free on purpose: the server module is imported on every
provider launch and Python start-up time is the main cost of a plan.
"""
