# A help-desk mail flow in us-east-1 using every receipt-rule action that has a target: Lambda
# (with a topic), stop, WorkMail (organization in us-east-1, one of WorkMail's Regions) and
# bounce, plus an IP receipt filter. Every topic, function and organization is in us-east-1.

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

data "aws_region" "current" {}

locals {
  account_id       = data.aws_caller_identity.current.account_id
  workmail_org_arn = "arn:aws:workmail:${data.aws_region.current.region}:${local.account_id}:organization/m-0123456789abcdef0123456789abcdef"
}

resource "aws_sns_topic" "helpdesk" {
  name = "helpdesk-inbound"
}

resource "aws_iam_role" "triage" {
  name = "helpdesk-triage"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "triage" {
  function_name = "helpdesk-triage"
  role          = aws_iam_role.triage.arn
  runtime       = "python3.12"
  handler       = "triage.handler"
  filename      = "${path.module}/triage.zip"
}

resource "aws_lambda_permission" "triage_ses" {
  statement_id   = "AllowSESInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.triage.function_name
  principal      = "ses.amazonaws.com"
  source_account = local.account_id
}

resource "aws_ses_receipt_filter" "blocklist" {
  name   = "block-known-spam-range"
  cidr   = "203.0.113.0/24"
  policy = "Block"
}

resource "aws_ses_receipt_rule_set" "helpdesk" {
  rule_set_name = "helpdesk"
}

resource "aws_ses_active_receipt_rule_set" "helpdesk" {
  rule_set_name = aws_ses_receipt_rule_set.helpdesk.rule_set_name
}

resource "aws_ses_receipt_rule" "reject_noreply" {
  name          = "reject-noreply"
  rule_set_name = aws_ses_receipt_rule_set.helpdesk.rule_set_name
  recipients    = ["noreply@help.example.com"]
  enabled       = true

  bounce_action {
    message         = "Mailbox unavailable"
    sender          = "mailer-daemon@help.example.com"
    smtp_reply_code = "550"
    status_code     = "5.1.1"
    topic_arn       = aws_sns_topic.helpdesk.arn
    position        = 1
  }

  stop_action {
    scope     = "RuleSet"
    topic_arn = aws_sns_topic.helpdesk.arn
    position  = 2
  }
}

resource "aws_ses_receipt_rule" "triage" {
  name          = "triage"
  rule_set_name = aws_ses_receipt_rule_set.helpdesk.rule_set_name
  recipients    = ["help.example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.reject_noreply.name

  lambda_action {
    function_arn    = aws_lambda_function.triage.arn
    invocation_type = "Event"
    topic_arn       = aws_sns_topic.helpdesk.arn
    position        = 1
  }

  depends_on = [aws_lambda_permission.triage_ses]
}

resource "aws_ses_receipt_rule" "mailboxes" {
  name          = "workmail"
  rule_set_name = aws_ses_receipt_rule_set.helpdesk.rule_set_name
  recipients    = ["staff.example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.triage.name

  workmail_action {
    organization_arn = local.workmail_org_arn
    topic_arn        = aws_sns_topic.helpdesk.arn
    position         = 1
  }
}
