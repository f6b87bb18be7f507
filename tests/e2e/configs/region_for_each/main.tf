# One provider block; `for_each` over the sending Regions with `region = each.key` (provider v6)
# stamps out an identity, its DKIM, a feedback topic and the notification binding per Region.

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

variable "sending_regions" {
  type        = set(string)
  description = "Regions that send mail for the domain."
  default     = ["us-east-1", "eu-west-1", "ap-northeast-1"]
}

locals {
  domain = "alerts.example.com"
}

resource "aws_ses_domain_identity" "this" {
  for_each = var.sending_regions

  region = each.key
  domain = local.domain
}

resource "aws_ses_domain_dkim" "this" {
  for_each = var.sending_regions

  region = each.key
  domain = aws_ses_domain_identity.this[each.key].domain
}

resource "aws_sns_topic" "feedback" {
  for_each = var.sending_regions

  region = each.key
  name   = "alerts-feedback"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  for_each = var.sending_regions

  region            = each.key
  identity          = aws_ses_domain_identity.this[each.key].domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.feedback[each.key].arn
}
