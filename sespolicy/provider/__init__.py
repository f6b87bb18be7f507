"""Plan-only provider twins: hashicorp/aws, the utility providers, and any provider from its schema.

Terraform runs `init`, `plan` and `show -json` against the twins offline, so the plan JSON is
Terraform's own. Kept import-free on purpose: the server module is imported on every provider
launch and Python start-up time is the main cost of a plan.

Modules, by the time they run:
  build time     schema_pack (the compact per-type schema store; scripts/build_provider_data.py
                 writes sespolicy/data/provider/schemas.pack with it)
  generate time  schema (shipped variants, aws modes, compact shapes), generate (TwinSpec,
                 write_twin: plugin directories of twins), proto_schema (pre-serialised
                 GetProviderSchema), cache (generated directories kept between runs)
  serve time     server (handshake, tfplugin6 methods), served_types (one type's shape when a
                 request names it), planning, datasources + iam_policy_document + standins
                 (hashicorp/aws reads), utility_reads (every other twin's reads), wire_values
                 (msgpack with unknowns), shared (in-process servers for TF_REATTACH_PROVIDERS)
  plan command   planrun (scratch, init, plan, show, cleanup), configscan + hclscan (what the
                 configuration needs: providers, types, modules, variables), sources (provider
                 and module source addresses), twins (which twin serves each provider),
                 constraints (versions a twin presents, required_version), installed +
                 plugin_client (schemas of the binaries in .terraform/providers), readiness +
                 variables (every problem at once), workspace (the copy), deferred_reads
                 (reads only apply can answer, deferred in the copy), diagnostics (Terraform's
                 errors), files (outputs that would overwrite the configuration)
"""
