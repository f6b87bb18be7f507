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

# The inbound stack: the active rule set of us-east-1 and its rule.
resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "inbound"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "accept" {
  name          = "accept"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["example.com"]
  enabled       = true

  stop_action {
    scope    = "RuleSet"
    position = 1
  }
}
