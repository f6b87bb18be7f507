# A configuration pinned to hashicorp/aws 4.x.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 4.20" }
  }
}

provider "aws" {
  region                 = "ap-southeast-2"
  skip_get_ec2_platforms = true
}

data "aws_iam_policy_document" "send" {
  statement {
    actions   = ["ses:SendEmail"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.org"
}

resource "aws_ses_identity_policy" "send" {
  identity = aws_ses_domain_identity.main.domain
  name     = "send"
  policy   = data.aws_iam_policy_document.send.json
}

resource "aws_s3_bucket" "inbound" {
  bucket = "example-inbound"
}
