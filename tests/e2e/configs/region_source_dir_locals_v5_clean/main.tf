# Provider 5.x (no per-resource region attribute) whose default provider region is a map lookup
# on a variable through a local value. Plan JSON records only the references; with the
# configuration at hand (`--source-dir`, or `sespolicy plan`) the .tf reader evaluates it to
# eu-west-1, where the receipt rule and its topic both are: clean, and known to be.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "env" {
  type    = string
  default = "prod"
}

locals {
  regions = {
    prod    = "eu-west-1"
    staging = "eu-central-1"
  }
}

provider "aws" {
  region = local.regions[var.env]
}

resource "aws_sns_topic" "inbound" {
  name = "inbound"
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
    topic_arn = aws_sns_topic.inbound.arn
    position  = 1
  }
}
