# Receiving in us-east-1 with notifications sent to the operations topic in eu-west-1, and a
# staging rule created in us-west-2 against the us-east-1 rule set:
#  - "triage": the Lambda action's topic is in eu-west-1;
#  - "blocklist": the stop action's topic is in eu-west-1;
#  - "mailboxes": the WorkMail organization and the action's topic are in eu-west-1;
#  - "staging": the rule is in us-west-2 but names the us-east-1 rule set (and us-west-2 has no
#    active rule set of its own).

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
  alias  = "ops"
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}

resource "aws_sns_topic" "ops" {
  provider = aws.ops
  name     = "ops-mail-events"
}

resource "aws_iam_role" "triage" {
  name = "mail-triage"
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
  function_name = "mail-triage"
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
  source_account = data.aws_caller_identity.current.account_id
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "blocklist" {
  name          = "blocklist"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["spam-trap@example.com"]
  enabled       = true

  stop_action {
    scope     = "RuleSet"
    topic_arn = aws_sns_topic.ops.arn
    position  = 1
  }
}

resource "aws_ses_receipt_rule" "triage" {
  name          = "triage"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["support@example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.blocklist.name

  lambda_action {
    function_arn    = aws_lambda_function.triage.arn
    invocation_type = "Event"
    topic_arn       = aws_sns_topic.ops.arn
    position        = 1
  }

  depends_on = [aws_lambda_permission.triage_ses]
}

resource "aws_ses_receipt_rule" "mailboxes" {
  name          = "workmail"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["example.com"]
  enabled       = true
  after         = aws_ses_receipt_rule.triage.name

  workmail_action {
    organization_arn = "arn:aws:workmail:eu-west-1:${data.aws_caller_identity.current.account_id}:organization/m-0123456789abcdef0123456789abcdef"
    topic_arn        = aws_sns_topic.ops.arn
    position         = 1
  }
}

resource "aws_ses_receipt_rule" "staging" {
  region        = "us-west-2"
  name          = "staging"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["staging.example.com"]
  enabled       = true

  stop_action {
    scope    = "RuleSet"
    position = 1
  }
}
