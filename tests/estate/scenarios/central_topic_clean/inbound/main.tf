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

# The inbound stack (the plan being changed): a receipt rule notifying the central topic.
variable "central_topic_arn" {
  type = string
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "inbound"
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
    topic_arn = var.central_topic_arn
    position  = 1
  }
}
