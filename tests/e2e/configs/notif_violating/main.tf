# Feedback wired to the platform team's central topic in eu-west-1, while sending happens in
# us-east-1. SES only publishes to topics in its own Region:
#  - the bounce notification of example.com (us-east-1) targets the eu-west-1 topic;
#  - a v1 configuration-set event destination (us-east-1) targets the eu-west-1 topic;
#  - a v2 event destination was created in eu-west-1 for a configuration set in us-east-1.
# The complaint notification uses a us-east-1 topic and is fine.

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
  alias  = "central"
  region = "eu-west-1"
}

resource "aws_sns_topic" "central_feedback" {
  provider = aws.central
  name     = "central-ses-feedback"
}

resource "aws_sns_topic" "local_feedback" {
  name = "ses-feedback"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_domain_identity.main.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.central_feedback.arn
}

resource "aws_ses_identity_notification_topic" "complaint" {
  identity          = aws_ses_domain_identity.main.domain
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.local_feedback.arn
}

resource "aws_ses_configuration_set" "marketing" {
  name = "marketing"
}

resource "aws_ses_event_destination" "marketing_sns" {
  name                   = "to-central"
  configuration_set_name = aws_ses_configuration_set.marketing.name
  enabled                = true
  matching_types         = ["bounce", "complaint"]

  sns_destination {
    topic_arn = aws_sns_topic.central_feedback.arn
  }
}

resource "aws_sesv2_configuration_set" "transactional" {
  configuration_set_name = "transactional"
}

resource "aws_sesv2_configuration_set_event_destination" "transactional_central" {
  region                 = "eu-west-1"
  configuration_set_name = aws_sesv2_configuration_set.transactional.configuration_set_name
  event_destination_name = "central"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT"]

    sns_destination {
      topic_arn = aws_sns_topic.central_feedback.arn
    }
  }
}
