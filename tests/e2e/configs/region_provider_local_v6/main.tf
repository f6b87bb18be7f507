# Provider 6.x whose default provider takes its region from a local value, which plan JSON does
# not record (only `references: ["local.region"]`). The provider still fills every resource's
# `region` attribute at plan time, so the Regions are known from the resources themselves. The
# receipt rule in eu-west-1 publishes to a topic in us-east-1: a violation that must be found,
# not reported unknown.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

locals {
  region = "eu-west-1"
}

provider "aws" {
  region = local.region
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_sns_topic" "inbound_us" {
  provider = aws.us
  name     = "inbound-us"
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "inbound" {
  name          = "inbound"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["example.com"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound_us.arn
    position  = 1
  }
}
