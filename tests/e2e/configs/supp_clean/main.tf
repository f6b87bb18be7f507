# Account-level suppression list settings, identical in both sending Regions.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  sending_regions    = toset(["us-east-1", "eu-west-1"])
  suppressed_reasons = ["BOUNCE", "COMPLAINT"]
}

resource "aws_sesv2_account_suppression_attributes" "this" {
  for_each = local.sending_regions

  region             = each.key
  suppressed_reasons = local.suppressed_reasons
}

resource "aws_ses_email_identity" "sender" {
  for_each = local.sending_regions

  region = each.key
  email  = "news@example.com"
}
