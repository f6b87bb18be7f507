# A legacy module (pre-Terraform 0.13 style) that declares its own provider block from an input
# variable instead of receiving one from its caller.

variable "region" {
  type        = string
  description = "AWS Region this sender lives in."
}

variable "sender" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_ses_email_identity" "this" {
  email = var.sender
}

resource "aws_sns_topic" "bounces" {
  name = "legacy-sender-bounces"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_email_identity.this.email
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.bounces.arn
}
