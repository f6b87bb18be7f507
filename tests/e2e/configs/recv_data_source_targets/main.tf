# Receiving in us-east-1 wired to resources another team already owns, looked up with data
# sources. The lookups for the shared SNS topic and the KMS key go through the "shared" provider
# alias (eu-west-1), so the rule points at eu-west-1 resources. The bucket lookup uses the default
# provider and is fine.

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
  alias  = "shared"
  region = "eu-west-1"
}

data "aws_s3_bucket" "archive" {
  bucket = "example-shared-mail-archive"
}

data "aws_kms_key" "mail" {
  provider = aws.shared
  key_id   = "alias/shared-mail"
}

data "aws_sns_topic" "intake" {
  provider = aws.shared
  name     = "shared-mail-intake"
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "archive" {
  name          = "archive"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["records@example.com"]
  enabled       = true

  s3_action {
    bucket_name       = data.aws_s3_bucket.archive.bucket
    object_key_prefix = "records/"
    kms_key_arn       = data.aws_kms_key.mail.arn
    position          = 1
  }
}

resource "aws_ses_receipt_rule" "intake" {
  name          = "intake"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["intake@example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.archive.name

  sns_action {
    topic_arn = data.aws_sns_topic.intake.arn
    position  = 1
  }
}
