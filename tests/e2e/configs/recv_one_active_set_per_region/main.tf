# One active rule set in each of two receiving Regions, each holding that Region's receipt rule:
# clean.

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

resource "aws_ses_receipt_rule_set" "main" {
  for_each      = toset(["us-east-1", "eu-west-1"])
  region        = each.key
  rule_set_name = "main-${each.key}"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  for_each      = aws_ses_receipt_rule_set.main
  region        = each.key
  rule_set_name = each.value.rule_set_name
}

resource "aws_ses_receipt_rule" "inbound" {
  for_each      = aws_ses_receipt_rule_set.main
  region        = each.key
  name          = "inbound"
  rule_set_name = each.value.rule_set_name
  recipients    = ["example.com"]
  enabled       = true

  stop_action {
    scope    = "RuleSet"
    position = 1
  }
}
