# A receipt rule invoking a Lambda function whose code is zipped by hashicorp/archive.
terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 6.0" }
    archive = { source = "hashicorp/archive", version = "~> 2.4" }
  }
}

provider "aws" {
  region = "us-east-1"
}

data "archive_file" "inbound" {
  type        = "zip"
  source_file = "${path.module}/src/index.js"
  output_path = "${path.module}/build/inbound.zip"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "inbound" {
  name               = "inbound-mail"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_lambda_function" "inbound" {
  function_name    = "inbound-mail"
  filename         = data.archive_file.inbound.output_path
  source_code_hash = data.archive_file.inbound.output_base64sha256
  role             = aws_iam_role.inbound.arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
}

resource "aws_lambda_permission" "ses" {
  statement_id  = "AllowSES"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.inbound.function_name
  principal     = "ses.amazonaws.com"
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_receipt_rule" "inbound" {
  name          = "inbound"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["inbound@example.com"]
  enabled       = true
  scan_enabled  = true

  lambda_action {
    function_arn    = aws_lambda_function.inbound.arn
    invocation_type = "Event"
    position        = 1
  }
}
