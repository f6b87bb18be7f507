# One sending Region (v6 `region` argument) that reports bounces and complaints to a topic the
# caller provides.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

variable "region" {
  type = string
}

variable "domain" {
  type = string
}

variable "feedback_topic_arn" {
  type        = string
  description = "SNS topic that receives bounce and complaint notifications."
}

resource "aws_ses_domain_identity" "this" {
  region = var.region
  domain = var.domain
}

resource "aws_ses_identity_notification_topic" "bounce" {
  region            = var.region
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Bounce"
  topic_arn         = var.feedback_topic_arn
}

resource "aws_ses_identity_notification_topic" "complaint" {
  region            = var.region
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Complaint"
  topic_arn         = var.feedback_topic_arn
}
