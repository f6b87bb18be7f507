# Sending authorization for a partner account in two Regions. Each Region's identity gets its own
# policy, attached in that Region, whose Resource ARN names that Region. A SESv2 email identity
# in eu-west-1 (resource-level region) carries a v2 policy for the same partner.

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

variable "partner_account_id" {
  type        = string
  description = "AWS account allowed to send as our identities."
  default     = "444455556666"
}

data "aws_caller_identity" "current" {}

data "aws_region" "us" {}

data "aws_region" "eu" {
  provider = aws.eu
}

locals {
  domain     = "example.com"
  account_id = data.aws_caller_identity.current.account_id
}

resource "aws_ses_domain_identity" "us" {
  domain = local.domain
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = local.domain
}

resource "aws_ses_identity_policy" "us_partner" {
  identity = aws_ses_domain_identity.us.arn
  name     = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerSend"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:${data.aws_region.us.region}:${local.account_id}:identity/${local.domain}"
    }]
  })
}

resource "aws_ses_identity_policy" "eu_partner" {
  provider = aws.eu
  identity = aws_ses_domain_identity.eu.arn
  name     = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerSend"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:${data.aws_region.eu.region}:${local.account_id}:identity/${local.domain}"
    }]
  })
}

resource "aws_sesv2_email_identity" "ops" {
  region         = "eu-west-1"
  email_identity = "ops@example.com"
}

resource "aws_sesv2_email_identity_policy" "ops_partner" {
  region         = "eu-west-1"
  email_identity = aws_sesv2_email_identity.ops.email_identity
  policy_name    = "partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerSend"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:eu-west-1:${local.account_id}:identity/ops@example.com"
    }]
  })
}
