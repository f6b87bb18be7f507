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

# A new stack (the plan being changed) activates its own rule set.
resource "aws_ses_receipt_rule_set" "campaigns" {
  rule_set_name = "campaigns"
}

resource "aws_ses_active_receipt_rule_set" "campaigns" {
  rule_set_name = aws_ses_receipt_rule_set.campaigns.rule_set_name
}
