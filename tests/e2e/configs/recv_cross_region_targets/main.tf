# Receiving moved to eu-west-1 (default provider), but several rules still point at the shared
# mail resources the platform team keeps in us-east-1 (alias "us"). SES can only use targets in
# its own Region, so each of those rules is broken (the S3 case is a lower-severity finding).

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
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
}

# --- shared resources that live in us-east-1 ---

resource "aws_s3_bucket" "archive_us" {
  provider = aws.us
  bucket   = "example-mail-archive-us-east-1"
}

resource "aws_kms_key" "mail_us" {
  provider            = aws.us
  description         = "Mail encryption key (us-east-1)"
  enable_key_rotation = true
}

resource "aws_sns_topic" "mail_events_us" {
  provider = aws.us
  name     = "mail-events"
}

# --- receiving in eu-west-1 ---

resource "aws_s3_bucket" "inbound_eu" {
  bucket = "example-inbound-mail-eu-west-1"
}

resource "aws_s3_bucket_policy" "inbound_eu" {
  bucket = aws_s3_bucket.inbound_eu.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPuts"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::example-inbound-mail-eu-west-1/*"
      Condition = { StringEquals = { "AWS:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_ses_receipt_rule_set" "eu" {
  rule_set_name = "eu-inbound"
}

resource "aws_ses_active_receipt_rule_set" "eu" {
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
}

resource "aws_ses_receipt_rule" "archive" {
  name          = "archive"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["archive@example.eu"]
  enabled       = true

  s3_action {
    bucket_name       = aws_s3_bucket.archive_us.bucket
    object_key_prefix = "eu/"
    position          = 1
  }
}

resource "aws_ses_receipt_rule" "encrypted" {
  name          = "encrypted"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["legal@example.eu"]
  enabled       = true
  after         = aws_ses_receipt_rule.archive.name

  s3_action {
    bucket_name       = aws_s3_bucket.inbound_eu.bucket
    object_key_prefix = "legal/"
    kms_key_arn       = aws_kms_key.mail_us.arn
    position          = 1
  }

  depends_on = [aws_s3_bucket_policy.inbound_eu]
}

resource "aws_ses_receipt_rule" "notify" {
  name          = "notify"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["support@example.eu"]
  enabled       = true
  after         = aws_ses_receipt_rule.encrypted.name

  sns_action {
    topic_arn = aws_sns_topic.mail_events_us.arn
    encoding  = "Base64"
    position  = 1
  }
}

resource "aws_ses_receipt_rule" "reject_noreply" {
  name          = "reject-noreply"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["noreply@example.eu"]
  enabled       = true
  after         = aws_ses_receipt_rule.notify.name

  bounce_action {
    message         = "This mailbox is not monitored."
    sender          = "mailer-daemon@example.eu"
    smtp_reply_code = "550"
    status_code     = "5.1.1"
    topic_arn       = aws_sns_topic.mail_events_us.arn
    position        = 1
  }

  stop_action {
    scope    = "RuleSet"
    position = 2
  }
}
