# A sending domain in one Region: identity, Easy DKIM, and bounce/complaint notifications to an
# SNS topic. The Region is whatever provider configuration the caller passes in.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "domain" {
  type        = string
  description = "Domain to verify with SES in this Region."
}

variable "name_prefix" {
  type        = string
  description = "Prefix for the SNS topic name."
}

resource "aws_ses_domain_identity" "this" {
  domain = var.domain
}

resource "aws_ses_domain_dkim" "this" {
  domain = aws_ses_domain_identity.this.domain
}

resource "aws_sns_topic" "feedback" {
  name = "${var.name_prefix}-ses-feedback"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity                 = aws_ses_domain_identity.this.domain
  notification_type        = "Bounce"
  topic_arn                = aws_sns_topic.feedback.arn
  include_original_headers = true
}

resource "aws_ses_identity_notification_topic" "complaint" {
  identity                 = aws_ses_domain_identity.this.domain
  notification_type        = "Complaint"
  topic_arn                = aws_sns_topic.feedback.arn
  include_original_headers = true
}

output "identity_arn" {
  value = aws_ses_domain_identity.this.arn
}

output "feedback_topic_arn" {
  value = aws_sns_topic.feedback.arn
}
