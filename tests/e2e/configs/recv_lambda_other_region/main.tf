# Receiving in us-east-1. The "forward" rule invokes a Lambda function deployed in us-west-2
# (SES can only invoke functions in its own Region). The "classify" rule's function is in the
# right Region, but its permission for ses.amazonaws.com was created in eu-west-1 instead of
# alongside the function.

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
  alias  = "west"
  region = "us-west-2"
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "mail_lambda" {
  name = "mail-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "forwarder" {
  provider      = aws.west
  function_name = "mail-forwarder"
  role          = aws_iam_role.mail_lambda.arn
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "${path.module}/forwarder.zip"
}

resource "aws_lambda_permission" "forwarder_ses" {
  provider       = aws.west
  statement_id   = "AllowSESInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.forwarder.function_name
  principal      = "ses.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_lambda_function" "classifier" {
  function_name = "mail-classifier"
  role          = aws_iam_role.mail_lambda.arn
  runtime       = "python3.12"
  handler       = "classifier.handler"
  filename      = "${path.module}/classifier.zip"
}

resource "aws_lambda_permission" "classifier_ses" {
  region         = "eu-west-1"
  statement_id   = "AllowSESInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.classifier.function_name
  principal      = "ses.amazonaws.com"
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "classify" {
  name          = "classify"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["intake@example.com"]
  enabled       = true

  lambda_action {
    function_arn    = aws_lambda_function.classifier.arn
    invocation_type = "RequestResponse"
    position        = 1
  }
}

resource "aws_ses_receipt_rule" "forward" {
  name          = "forward"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.classify.name

  lambda_action {
    function_arn    = aws_lambda_function.forwarder.arn
    invocation_type = "Event"
    position        = 1
  }

  depends_on = [aws_lambda_permission.forwarder_ses]
}
