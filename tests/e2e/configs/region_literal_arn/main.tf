# Receiving in us-east-1. The "forward" rule publishes to an SNS topic owned by another team,
# written as a literal ARN, and that ARN names eu-west-1: SES cannot publish across Regions.

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

data "aws_caller_identity" "current" {}

resource "aws_s3_bucket" "inbound" {
  bucket        = "example-inbound-mail-us-east-1"
  force_destroy = true
}

resource "aws_s3_bucket_policy" "inbound" {
  bucket = aws_s3_bucket.inbound.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPuts"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::example-inbound-mail-us-east-1/*"
      Condition = {
        StringEquals = { "AWS:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "inbound-main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "store" {
  name          = "store"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["inbox.example.com"]
  enabled       = true
  scan_enabled  = true

  s3_action {
    bucket_name       = aws_s3_bucket.inbound.bucket
    object_key_prefix = "inbox/"
    position          = 1
  }

  depends_on = [aws_s3_bucket_policy.inbound]
}

resource "aws_ses_receipt_rule" "forward" {
  name          = "forward-to-ticketing"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["support@inbox.example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.store.name

  sns_action {
    topic_arn = "arn:aws:sns:eu-west-1:111122223333:ticketing-inbound"
    encoding  = "UTF-8"
    position  = 1
  }
}
