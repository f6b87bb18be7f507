# SESv2 sending in two Regions. Each Region has its own configuration set whose event
# destinations (SNS, EventBridge) are in that Region, its own identity bound to that set, feedback
# forwarding, and bounce notifications to a topic in the same Region.

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

data "aws_caller_identity" "current" {}

locals {
  domain     = "example.com"
  account_id = data.aws_caller_identity.current.account_id
}

# --- us-east-1 ---

resource "aws_sns_topic" "events_us" {
  name = "ses-events"
}

resource "aws_sesv2_configuration_set" "us" {
  configuration_set_name = "transactional"

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }
}

resource "aws_sesv2_configuration_set_event_destination" "us_sns" {
  configuration_set_name = aws_sesv2_configuration_set.us.configuration_set_name
  event_destination_name = "sns"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "REJECT"]

    sns_destination {
      topic_arn = aws_sns_topic.events_us.arn
    }
  }
}

resource "aws_sesv2_configuration_set_event_destination" "us_eventbridge" {
  configuration_set_name = aws_sesv2_configuration_set.us.configuration_set_name
  event_destination_name = "eventbridge"

  event_destination {
    enabled              = true
    matching_event_types = ["DELIVERY", "SEND"]

    event_bridge_destination {
      event_bus_arn = "arn:aws:events:us-east-1:${local.account_id}:event-bus/default"
    }
  }
}

# A legacy v1 configuration set still used by the newsletter tooling, with its own in-Region topic.
resource "aws_ses_configuration_set" "newsletter_us" {
  name = "newsletter"
}

resource "aws_ses_event_destination" "newsletter_us_sns" {
  name                   = "sns"
  configuration_set_name = aws_ses_configuration_set.newsletter_us.name
  enabled                = true
  matching_types         = ["bounce", "complaint", "reject"]

  sns_destination {
    topic_arn = aws_sns_topic.events_us.arn
  }
}

resource "aws_sesv2_email_identity" "us" {
  email_identity         = local.domain
  configuration_set_name = aws_sesv2_configuration_set.us.configuration_set_name
}

resource "aws_sesv2_email_identity_feedback_attributes" "us" {
  email_identity           = aws_sesv2_email_identity.us.email_identity
  email_forwarding_enabled = false
}

resource "aws_ses_identity_notification_topic" "us_bounce" {
  identity          = aws_sesv2_email_identity.us.email_identity
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.events_us.arn
}

# --- eu-west-1 ---

resource "aws_sns_topic" "events_eu" {
  provider = aws.eu
  name     = "ses-events"
}

resource "aws_sesv2_configuration_set" "eu" {
  provider               = aws.eu
  configuration_set_name = "transactional"

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }
}

resource "aws_sesv2_configuration_set_event_destination" "eu_sns" {
  provider               = aws.eu
  configuration_set_name = aws_sesv2_configuration_set.eu.configuration_set_name
  event_destination_name = "sns"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "REJECT"]

    sns_destination {
      topic_arn = aws_sns_topic.events_eu.arn
    }
  }
}

resource "aws_sesv2_configuration_set_event_destination" "eu_eventbridge" {
  provider               = aws.eu
  configuration_set_name = aws_sesv2_configuration_set.eu.configuration_set_name
  event_destination_name = "eventbridge"

  event_destination {
    enabled              = true
    matching_event_types = ["DELIVERY", "SEND"]

    event_bridge_destination {
      event_bus_arn = "arn:aws:events:eu-west-1:${local.account_id}:event-bus/default"
    }
  }
}

resource "aws_sesv2_email_identity" "eu" {
  provider               = aws.eu
  email_identity         = local.domain
  configuration_set_name = aws_sesv2_configuration_set.eu.configuration_set_name
}

resource "aws_sesv2_email_identity_feedback_attributes" "eu" {
  provider                 = aws.eu
  email_identity           = aws_sesv2_email_identity.eu.email_identity
  email_forwarding_enabled = false
}

resource "aws_ses_identity_notification_topic" "eu_bounce" {
  provider          = aws.eu
  identity          = aws_sesv2_email_identity.eu.email_identity
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.events_eu.arn
}
