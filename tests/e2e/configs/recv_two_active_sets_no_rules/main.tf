# Two stacks each activate a rule set in us-east-1; neither has receipt rules yet. Only one rule
# set can be active in a Region: each active set is reported, naming the other. eu-west-1 has
# a single active set: clean.

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
  alias  = "eu"
  region = "eu-west-1"
}

resource "aws_ses_receipt_rule_set" "billing" {
  rule_set_name = "billing"
}

resource "aws_ses_receipt_rule_set" "support" {
  rule_set_name = "support"
}

resource "aws_ses_active_receipt_rule_set" "billing" {
  rule_set_name = aws_ses_receipt_rule_set.billing.rule_set_name
}

resource "aws_ses_active_receipt_rule_set" "support" {
  rule_set_name = aws_ses_receipt_rule_set.support.rule_set_name
}

resource "aws_ses_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = "eu"
}

resource "aws_ses_active_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
}
