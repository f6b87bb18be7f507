"""A plan-only hashicorp/aws provider, generated from the real provider schema.

Terraform runs `init`, `plan` and `show -json` against it offline, so the plan JSON is
Terraform's own. Kept import-free on purpose: the server module is imported on every
provider launch and Python start-up time is the main cost of a plan.

Modules, by the time they run:
  generate time  schema (mode shapes + overlay facts), proto_schema (pre-serialised
                 GetProviderSchema), generate (plugin directory + launcher), cache
  serve time     server (handshake, tfplugin6 methods), planning, datasources, values
                 (msgpack with unknowns), shared (one in-process server for
                 TF_REATTACH_PROVIDERS)
  plan command   planrun (scratch, init, plan, show, cleanup), configscan + hclscan (what the
                 configuration needs: providers, types, modules, variables), twins (which
                 twin serves each provider), installed + plugin_client (schemas of the
                 binaries in .terraform/providers), readiness + variables (every problem at
                 once), workspace (the copy), diagnostics (Terraform's errors), files
                 (outputs), constraints
"""
