# Provider Regions come from input variables with defaults: a primary Region and a disaster-
# recovery Region. Nothing is passed on the command line, so the defaults decide.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

variable "region" {
  type        = string
  description = "Primary AWS Region for sending."
  default     = "eu-central-1"
}

variable "dr_region" {
  type        = string
  description = "Disaster-recovery AWS Region."
  default     = "us-east-2"
}

variable "domain" {
  type    = string
  default = "billing.example.com"
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "dr"
  region = var.dr_region
}

resource "aws_ses_domain_identity" "primary" {
  domain = var.domain
}

resource "aws_ses_domain_identity" "dr" {
  provider = aws.dr
  domain   = var.domain
}

resource "aws_ses_configuration_set" "primary" {
  name = "billing-primary"

  delivery_options {
    tls_policy = "Require"
  }
}

resource "aws_ses_configuration_set" "dr" {
  provider = aws.dr
  name     = "billing-dr"

  delivery_options {
    tls_policy = "Require"
  }
}
