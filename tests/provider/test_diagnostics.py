"""Terraform's error output, explained in one line naming every error.

The outputs below were printed by Terraform 1.11.4 (`terraform init`), one plain (-no-color,
as `sespolicy plan` runs it) and one as a terminal shows it (colours and the frame).
"""

from __future__ import annotations

from sespolicy.provider.configscan import Variable
from sespolicy.provider.diagnostics import FailureContext, explain_failure, parse_errors

TWO_PROVIDERS_MISSING = """Initializing the backend...
Initializing provider plugins...
- Finding latest version of hashicorp/awscc...
- Finding latest version of hashicorp/random...

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider
hashicorp/awscc: provider registry.terraform.io/hashicorp/awscc was not found
in any of the search locations

  - /root/.cache/sespolicy/providers/aws-v6-6.47.0-059f3836c93d7b4b763da347

Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider
hashicorp/random: provider registry.terraform.io/hashicorp/random was not
found in any of the search locations

  - /root/.cache/sespolicy/providers/aws-v6-6.47.0-059f3836c93d7b4b763da347
"""

FRAMED_CORE_VERSION = (
    "\x1b[0m\x1b[1mInitializing the backend...\x1b[0m\n\x1b[31m╷\x1b[0m\x1b[0m\n"
    "\x1b[31m│\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: \x1b[0m\x1b[0m\x1b[1mUnsupported Terraform "
    "Core version\x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\x1b[0m  on main.tf "
    'line 2, in terraform:\n\x1b[31m│\x1b[0m \x1b[0m   2:   \x1b[4mrequired_version = ">= 99.0"'
    "\x1b[0m\x1b[0m\n\x1b[31m│\x1b[0m \x1b[0m\n\x1b[31m│\x1b[0m \x1b[0mThis configuration does "
    "not support Terraform version 1.11.4. To proceed,\n\x1b[31m│\x1b[0m \x1b[0meither choose "
    "another supported Terraform version or update this version\n\x1b[31m│\x1b[0m \x1b[0m"
    "constraint. Version constraints are normally set for good reason, so\n\x1b[31m│\x1b[0m "
    "\x1b[0mupdating the constraint may lead to other errors or unexpected behavior.\n"
    "\x1b[31m╵\x1b[0m\x1b[0m\n"
)

MISSING_VARIABLES = """
Error: No value for required variable

  on main.tf line 1:
   1: variable "a" { type = string }

The root module input variable "a" is not set, and has no default value. Use
a -var or -var-file command line argument to provide a value for this
variable.

Error: No value for required variable

  on main.tf line 2:
   2: variable "b" { type = map(object({ x = number })) }

The root module input variable "b" is not set, and has no default value. Use
a -var or -var-file command line argument to provide a value for this
variable.
"""

INIT_PREAMBLE = """Initializing the backend...

Error: Terraform encountered problems during initialisation, including problems
with the configuration, described below.

The Terraform configuration must be valid before initialization so that
Terraform can determine which modules and providers need to be installed.


Error: Missing newline after argument

  on main.tf line 18, in output "tok":
  18:  sensitive = true }

An argument definition must end with a newline.
"""


def test_every_error_is_parsed_with_location_snippet_and_detail() -> None:
    errors = parse_errors(FRAMED_CORE_VERSION)
    assert len(errors) == 1
    (error,) = errors
    assert error.summary == "Unsupported Terraform Core version"
    assert error.location == "main.tf line 2"
    assert error.snippet == '  required_version = ">= 99.0"'
    assert error.detail.startswith("This configuration does not support Terraform version 1.11.4.")


def test_missing_providers_are_named_exactly_never_as_aws() -> None:
    message = explain_failure("init", TWO_PROVIDERS_MISSING)
    assert message.startswith("terraform init failed with 2 errors:")
    assert "no offline copy of hashicorp/awscc, hashicorp/random" in message
    assert "hashicorp/aws," not in message


def test_core_version_names_the_constraint_and_the_installed_version() -> None:
    message = explain_failure("init", FRAMED_CORE_VERSION)
    assert "requires Terraform >= 99.0 (main.tf line 2)" in message
    assert "the installed Terraform is 1.11.4" in message
    assert "\x1b" not in message


def test_missing_variables_are_named_together_with_their_types() -> None:
    context = FailureContext(
        root_variables=[Variable("b", "map(object({ x = number }))", True, None)]
    )
    message = explain_failure("plan", MISSING_VARIABLES, context)
    assert "2 required variables have no value: a (any), b (map(object({ x = number })))" in (
        message
    )


def test_the_announcing_error_is_left_out() -> None:
    message = explain_failure("init", INIT_PREAMBLE)
    assert message == (
        "terraform init failed: Missing newline after argument (main.tf line 18): An argument "
        "definition must end with a newline."
    )


def test_output_without_diagnostics_gives_its_first_line() -> None:
    assert explain_failure("show", "\nsegmentation fault\nmore\n") == (
        "terraform show failed: segmentation fault"
    )


PROVIDER_ERROR = """
Error: data.tiny_lookup needs a Region: set `region` in the provider configuration

  with data.tiny_lookup.l,
  on main.tf line 20, in data "tiny_lookup" "l":
  20: data "tiny_lookup" "l" {

"""


def test_a_providers_error_is_located_through_its_with_line() -> None:
    (error,) = parse_errors(PROVIDER_ERROR)
    assert error.location == "main.tf line 20"
    assert error.snippet == 'data "tiny_lookup" "l" {'
    assert error.detail == ""
    assert explain_failure("plan", PROVIDER_ERROR) == (
        "terraform plan failed: data.tiny_lookup needs a Region: set `region` in the provider "
        "configuration (main.tf line 20)"
    )
