# app.example.com is a SESv2 identity in us-east-1 only. The team that owns the eu-west-1 stack
# configured its feedback there anyway:
#  - a bounce notification binding in eu-west-1, where the identity is not declared;
#  - SESv2 feedback-forwarding attributes in eu-west-1 (resource-level region);
#  - the us-east-1 configuration set's SNS event destination publishes to the eu-west-1 topic.
# The complaint binding in us-east-1 is correct.

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

resource "aws_sesv2_email_identity" "app" {
  email_identity = "app.example.com"
}

resource "aws_sns_topic" "us_feedback" {
  name = "app-feedback"
}

resource "aws_sns_topic" "eu_feedback" {
  provider = aws.eu
  name     = "app-feedback"
}

resource "aws_ses_identity_notification_topic" "complaint" {
  identity          = aws_sesv2_email_identity.app.email_identity
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.us_feedback.arn
}

resource "aws_ses_identity_notification_topic" "bounce_eu" {
  provider          = aws.eu
  identity          = aws_sesv2_email_identity.app.email_identity
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.eu_feedback.arn
}

resource "aws_sesv2_email_identity_feedback_attributes" "app_eu" {
  region                   = "eu-west-1"
  email_identity           = aws_sesv2_email_identity.app.email_identity
  email_forwarding_enabled = true
}

resource "aws_sesv2_configuration_set" "app" {
  configuration_set_name = "app"
}

resource "aws_sesv2_configuration_set_event_destination" "app_sns" {
  configuration_set_name = aws_sesv2_configuration_set.app.configuration_set_name
  event_destination_name = "feedback"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "DELIVERY"]

    sns_destination {
      topic_arn = aws_sns_topic.eu_feedback.arn
    }
  }
}
