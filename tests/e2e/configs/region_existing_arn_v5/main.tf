# Provider 5.x whose region comes from a settings file (yamldecode(file(...))), which neither
# plan JSON nor the .tf reader can evaluate, with an SES identity that exists already (see terraform.tfstate: its ARN names ap-east-1). The
# identity's own ARN gives its Region; the DKIM setting this plan adds has no ARN yet, and its
# provider's region cannot be read: unknown, and neither --region nor AWS_REGION may decide it
# for a provider that sets a region of its own.
#
# terraform.tfstate is written by hand (the generated provider refuses apply); the plan is
# real Terraform's, made against it.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

locals {
  settings = yamldecode(file("${path.module}/settings.yaml"))
}

provider "aws" {
  region = local.settings.region
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_domain_dkim" "main" {
  domain = aws_ses_domain_identity.main.domain
}
