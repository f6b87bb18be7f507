# Three receiving Regions, three ways to get the active rule set wrong:
#  - us-east-1: two stacks each activate their own rule set (only one can be active);
#  - eu-west-1: rules exist but no rule set is activated (all mail is rejected);
#  - us-west-2: the "staging" rule set holds a rule, but "production" is the active one.

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

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

# --- us-east-1: two active rule sets ---

resource "aws_sns_topic" "inbound_us" {
  name = "inbound-us"
}

resource "aws_ses_receipt_rule_set" "primary" {
  rule_set_name = "primary"
}

resource "aws_ses_receipt_rule_set" "legacy" {
  rule_set_name = "legacy-forwarding"
}

resource "aws_ses_active_receipt_rule_set" "primary" {
  rule_set_name = aws_ses_receipt_rule_set.primary.rule_set_name
}

resource "aws_ses_active_receipt_rule_set" "legacy" {
  rule_set_name = aws_ses_receipt_rule_set.legacy.rule_set_name
}

resource "aws_ses_receipt_rule" "us_inbound" {
  name          = "inbound"
  rule_set_name = aws_ses_receipt_rule_set.primary.rule_set_name
  recipients    = ["example.com"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound_us.arn
    position  = 1
  }
}

# --- eu-west-1: rules but no active rule set ---

resource "aws_sns_topic" "inbound_eu" {
  provider = aws.eu
  name     = "inbound-eu"
}

resource "aws_ses_receipt_rule_set" "eu" {
  provider      = aws.eu
  rule_set_name = "eu-inbound"
}

resource "aws_ses_receipt_rule" "eu_inbound" {
  provider      = aws.eu
  name          = "inbound"
  rule_set_name = aws_ses_receipt_rule_set.eu.rule_set_name
  recipients    = ["eu.example.com"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound_eu.arn
    position  = 1
  }
}

# --- us-west-2: the rule sits in a set that is not the active one ---

resource "aws_sns_topic" "inbound_west" {
  provider = aws.west
  name     = "inbound-west"
}

resource "aws_ses_receipt_rule_set" "production" {
  provider      = aws.west
  rule_set_name = "production"
}

resource "aws_ses_receipt_rule_set" "staging" {
  provider      = aws.west
  rule_set_name = "staging"
}

resource "aws_ses_active_receipt_rule_set" "west" {
  provider      = aws.west
  rule_set_name = aws_ses_receipt_rule_set.production.rule_set_name
}

resource "aws_ses_receipt_rule" "west_production" {
  provider      = aws.west
  name          = "inbound"
  rule_set_name = aws_ses_receipt_rule_set.production.rule_set_name
  recipients    = ["west.example.com"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound_west.arn
    position  = 1
  }
}

resource "aws_ses_receipt_rule" "west_staging" {
  provider      = aws.west
  name          = "staging-inbound"
  rule_set_name = aws_ses_receipt_rule_set.staging.rule_set_name
  recipients    = ["staging.example.com"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound_west.arn
    position  = 1
  }
}
