# An SES identity policy written with aws_iam_policy_document, as SES-AUTH reads it.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = ">= 5.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_caller_identity" "me" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  identity_arn = "arn:${data.aws_partition.current.partition}:ses:${data.aws_region.current.region}:${data.aws_caller_identity.me.account_id}:identity/example.com"
}

data "aws_iam_policy_document" "send" {
  statement {
    sid       = "AllowSendFromApp"
    actions   = ["ses:SendEmail", "ses:SendRawEmail"]
    resources = [local.identity_arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:role/app"]
    }

    condition {
      test     = "StringLike"
      variable = "ses:FromAddress"
      values   = ["noreply@example.com", "alerts@example.com"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["true"]
    }
  }

  statement {
    effect      = "Deny"
    not_actions = ["ses:SendRawEmail"]
    resources   = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_ses_domain_identity" "example" {
  domain = "example.com"
}

resource "aws_ses_identity_policy" "send" {
  identity = "example.com"
  name     = "send"
  policy   = data.aws_iam_policy_document.send.json
}
