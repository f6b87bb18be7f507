"""write_twin: a plan-only twin of any provider from its schema, checked with real Terraform."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sespolicy.errors import InputError, UsageError
from sespolicy.provider.generate import TwinSpec, generate, platform_dir_name, write_twin
from sespolicy.provider.schema_pack import SchemaPack

SOURCE = "registry.terraform.io/examplecorp/mailer"

# A schema shaped like a plugin-framework provider's: nested attributes, a nested block, a
# sensitive argument, a data source with computed values.
MAILER_SCHEMA: dict[str, Any] = {
    "provider": {
        "version": 0,
        "block": {
            "attributes": {
                "api_token": {"type": "string", "optional": True, "sensitive": True},
                "endpoint": {"type": "string", "optional": True},
            }
        },
    },
    "resource_schemas": {
        "mailer_domain": {
            "version": 1,
            "block": {
                "attributes": {
                    "id": {"type": "string", "computed": True},
                    "name": {"type": "string", "required": True},
                    "verified": {"type": "bool", "computed": True},
                    "records": {
                        "nested_type": {
                            "nesting_mode": "list",
                            "attributes": {
                                "type": {"type": "string", "computed": True},
                                "value": {"type": "string", "computed": True},
                            },
                        },
                        "computed": True,
                    },
                    "labels": {"type": ["map", "string"], "optional": True},
                },
                "block_types": {
                    "dkim": {
                        "nesting_mode": "single",
                        "block": {"attributes": {"selector": {"type": "string", "optional": True}}},
                    }
                },
            },
        }
    },
    "data_source_schemas": {
        "mailer_account": {
            "version": 0,
            "block": {
                "attributes": {
                    "id": {"type": "string", "computed": True},
                    "plan": {"type": "string", "computed": True},
                    "quota": {"type": "number", "computed": True},
                    "regions": {"type": ["list", "string"], "computed": True},
                }
            },
        }
    },
}

CONFIG = """
terraform {
  required_providers {
    mailer = { source = "examplecorp/mailer", version = "~> 2.1" }
  }
}
provider "mailer" {
  api_token = "secret"
}
data "mailer_account" "me" {}
resource "mailer_domain" "main" {
  name   = "example.com"
  labels = { plan = data.mailer_account.me.plan }
  dkim {
    selector = "s1"
  }
}
"""


def terraform(
    binary: str, cwd: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_a_third_party_twin_plans_with_terraform(terraform_binary, terraform_env, tmp_path) -> None:
    plugins = tmp_path / "plugins"
    twin = write_twin(
        plugins, TwinSpec(source="examplecorp/mailer", version="2.3.0", schema=MAILER_SCHEMA)
    )
    assert twin.source == SOURCE
    assert twin.executable == (
        plugins / SOURCE / "2.3.0" / platform_dir_name() / "terraform-provider-mailer_v2.3.0_x5"
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "main.tf").write_text(CONFIG, "utf-8")
    init = terraform(terraform_binary, work, terraform_env, "init", f"-plugin-dir={plugins}")
    assert init.returncode == 0, init.stderr
    plan = terraform(terraform_binary, work, terraform_env, "plan", "-out=p.tfplan", "-no-color")
    assert plan.returncode == 0, plan.stderr
    shown = terraform(terraform_binary, work, terraform_env, "show", "-json", "p.tfplan")
    document = json.loads(shown.stdout)
    change = document["resource_changes"][0]["change"]
    assert change["after"]["name"] == "example.com"
    assert change["after"]["dkim"] == {"selector": "s1"}
    assert change["after_unknown"]["records"] is True and change["after_unknown"]["id"] is True
    account = document["prior_state"]["values"]["root_module"]["resources"][0]["values"]
    assert isinstance(account["plan"], str) and account["quota"] == 0
    assert len(account["regions"]) == 1
    assert change["after"]["labels"] == {"plan": account["plan"]}
    schema = terraform(terraform_binary, work, terraform_env, "providers", "schema", "-json")
    reported = json.loads(schema.stdout)["provider_schemas"][SOURCE]
    assert reported["resource_schemas"]["mailer_domain"]["version"] == 1
    assert reported["provider"]["block"]["attributes"]["api_token"]["sensitive"] is True
    applied = terraform(terraform_binary, work, terraform_env, "apply", "-no-color", "p.tfplan")
    assert applied.returncode != 0
    assert f"use the real {SOURCE} provider to apply" in applied.stderr.replace("\n", " ")


def test_several_twins_share_one_plugin_directory(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    first = write_twin(
        plugins, TwinSpec(source="examplecorp/mailer", version="2.3.0", schema=MAILER_SCHEMA)
    )
    second = write_twin(
        plugins, TwinSpec(source="other/mailer", version="1.0.0", schema=MAILER_SCHEMA, protocol=5)
    )
    generated = generate(plugins, mode="v5")
    executables = {twin.executable for twin in (first, second, *generated.twins)}
    assert all(path.exists() for path in executables)
    assert len(executables) == 12  # two third-party twins, hashicorp/aws and nine utilities
    manifest = json.loads((second.served_dir / "twin.json").read_text("utf-8"))
    assert manifest["protocol"] == 5 and manifest["behaviour"] == "generic"
    pack = SchemaPack(second.served_dir / "schema.pack")
    assert pack.type_schema("twin", "resource", "mailer_domain")["version"] == 1


@pytest.mark.parametrize(
    ("spec", "error", "message"),
    [
        (
            TwinSpec(source="not a source", version="1.0.0", schema=MAILER_SCHEMA),
            UsageError,
            "namespace/name",
        ),
        (TwinSpec(source="a/b", version="1.0", schema=MAILER_SCHEMA), UsageError, "X.Y.Z"),
        (
            TwinSpec(source="a/b", version="1.0.0", schema=MAILER_SCHEMA, protocol=4),
            UsageError,
            "protocol 4",
        ),
        (
            TwinSpec(source="a/b", version="1.0.0", schema={"resource_schemas": {}}),
            InputError,
            "no `provider` block",
        ),
        (TwinSpec(source="a/b", version="1.0.0"), UsageError, "exactly one of"),
    ],
)
def test_bad_specs_are_refused_before_anything_is_written(
    tmp_path: Path, spec: TwinSpec, error: type, message: str
) -> None:
    with pytest.raises(error, match=message):
        write_twin(tmp_path / "plugins", spec)
    assert not (tmp_path / "plugins").exists()
