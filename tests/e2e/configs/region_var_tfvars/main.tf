# The provider Region is a variable whose default (us-east-1) is overridden by terraform.tfvars;
# the plan must be read with the tfvars value (ap-southeast-2), not the default.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

variable "aws_region" {
  type        = string
  description = "AWS Region for the SES sending stack."
  default     = "us-east-1"
}

variable "sender" {
  type        = string
  description = "Verified sender address."
}

provider "aws" {
  region = var.aws_region
}

resource "aws_ses_email_identity" "sender" {
  email = var.sender
}

resource "aws_sns_topic" "bounces" {
  name = "sender-bounces"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_email_identity.sender.email
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.bounces.arn
}
