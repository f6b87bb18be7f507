# AWS provider v6 lets a module place its resources with `region = var.region` instead of needing
# one provider configuration per Region, so the module itself can be instantiated with for_each.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

variable "region" {
  type        = string
  description = "AWS Region for every resource of this instance."
}

variable "domain" {
  type = string
}

resource "aws_ses_domain_identity" "this" {
  region = var.region
  domain = var.domain
}

resource "aws_ses_domain_dkim" "this" {
  region = var.region
  domain = aws_ses_domain_identity.this.domain
}

resource "aws_sns_topic" "feedback" {
  region = var.region
  name   = "ses-feedback"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  region            = var.region
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.feedback.arn
}

resource "aws_ses_identity_notification_topic" "complaint" {
  region            = var.region
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.feedback.arn
}

resource "aws_sesv2_configuration_set" "this" {
  region                 = var.region
  configuration_set_name = "default"
}

resource "aws_sesv2_configuration_set_event_destination" "feedback" {
  region                 = var.region
  configuration_set_name = aws_sesv2_configuration_set.this.configuration_set_name
  event_destination_name = "feedback"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT"]

    sns_destination {
      topic_arn = aws_sns_topic.feedback.arn
    }
  }
}
