# Sending authorization gone wrong:
#  - the policy for eu.example.com (an identity that exists only in eu-west-1) is attached with
#    the default provider, i.e. in us-east-1, where that identity is not declared;
#  - the SESv2 policy for billing@example.com is attached in the right Region (us-east-1) but its
#    Resource ARN names us-west-2, so the delegate can never use it.
# The example.com policy is correct and must not be flagged.

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

provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partner    = "arn:aws:iam::444455556666:root"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "main_partner" {
  identity = aws_ses_domain_identity.main.arn
  name     = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.partner }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:us-east-1:${local.account_id}:identity/example.com"
    }]
  })
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = "eu.example.com"
}

resource "aws_ses_identity_policy" "eu_partner" {
  identity = aws_ses_domain_identity.eu.arn
  name     = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.partner }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:eu-west-1:${local.account_id}:identity/eu.example.com"
    }]
  })
}

resource "aws_sesv2_email_identity" "billing" {
  email_identity = "billing@example.com"
}

resource "aws_sesv2_email_identity_policy" "billing_partner" {
  email_identity = aws_sesv2_email_identity.billing.email_identity
  policy_name    = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = local.partner }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:us-west-2:${local.account_id}:identity/billing@example.com"
    }]
  })
}
