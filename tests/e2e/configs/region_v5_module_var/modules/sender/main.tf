# A sender address with bounce notifications to a topic that only SES may publish to.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "sender" {
  type = string
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

resource "aws_ses_email_identity" "this" {
  email = var.sender
}

resource "aws_sns_topic" "bounces" {
  name = "sender-bounces"
}

resource "aws_sns_topic_policy" "bounces" {
  arn = aws_sns_topic.bounces.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:sender-bounces"
    }]
  })
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_email_identity.this.email
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.bounces.arn
}
