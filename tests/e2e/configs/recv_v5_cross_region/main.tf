# Provider 5.x: receiving in eu-west-1 through the "eu" alias. The S3 + KMS storage is in the
# right Region, but the Lambda action and the S3 action's notification topic were created with
# the default provider (us-east-1). With 5.x only the provider configurations tell the Regions.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
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

resource "aws_kms_key" "mail_eu" {
  provider            = aws.eu
  description         = "Inbound mail (eu-west-1)"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "mail_eu" {
  provider = aws.eu
  bucket   = "example-inbound-mail-eu"
}

resource "aws_s3_bucket_policy" "mail_eu" {
  provider = aws.eu
  bucket   = aws_s3_bucket.mail_eu.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::example-inbound-mail-eu/*"
      Condition = { StringEquals = { "AWS:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_sns_topic" "mail_events" {
  name = "mail-events"
}

resource "aws_iam_role" "processor" {
  name = "mail-processor"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "processor" {
  function_name = "mail-processor"
  role          = aws_iam_role.processor.arn
  runtime       = "python3.12"
  handler       = "processor.handler"
  filename      = "${path.module}/processor.zip"
}

resource "aws_lambda_permission" "processor_ses" {
  statement_id   = "AllowSESInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.processor.function_name
  principal      = "ses.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_ses_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = "eu-inbound"
}

resource "aws_ses_active_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
}

resource "aws_ses_receipt_rule" "store" {
  provider      = aws.eu
  name          = "store"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["example.eu"]
  enabled       = true

  s3_action {
    bucket_name = aws_s3_bucket.mail_eu.bucket
    kms_key_arn = aws_kms_key.mail_eu.arn
    topic_arn   = aws_sns_topic.mail_events.arn
    position    = 1
  }

  depends_on = [aws_s3_bucket_policy.mail_eu]
}

resource "aws_ses_receipt_rule" "process" {
  provider      = aws.eu
  name          = "process"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["orders@example.eu"]
  enabled       = true
  after         = aws_ses_receipt_rule.store.name

  lambda_action {
    function_arn    = aws_lambda_function.processor.arn
    invocation_type = "Event"
    position        = 1
  }

  depends_on = [aws_lambda_permission.processor_ses]
}
