terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "identity" {
  type        = string
  description = "SES identity (domain) whose bounces are forwarded."
}

resource "aws_sns_topic" "bounces" {
  name = "ses-bounces"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = var.identity
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.bounces.arn
}
