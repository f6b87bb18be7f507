# AWS provider v6: one provider block (us-east-1), but the London stack sets `region` on each
# resource, which overrides the provider configuration.

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

resource "aws_ses_email_identity" "support_us" {
  email = "support@example.com"
}

resource "aws_ses_email_identity" "support_uk" {
  region = "eu-west-2"
  email  = "support@example.co.uk"
}

resource "aws_sns_topic" "uk_feedback" {
  region = "eu-west-2"
  name   = "support-uk-feedback"
}

resource "aws_ses_identity_notification_topic" "uk_bounce" {
  region            = "eu-west-2"
  identity          = aws_ses_email_identity.support_uk.email
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.uk_feedback.arn
}

resource "aws_ses_identity_notification_topic" "uk_complaint" {
  region            = "eu-west-2"
  identity          = aws_ses_email_identity.support_uk.email
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.uk_feedback.arn
}
