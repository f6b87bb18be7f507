# example.com sends from us-east-1 and eu-west-1, but bounce and complaint notifications were
# only set up in us-east-1: bounces of mail sent from eu-west-1 go nowhere. The guide says
# notification settings apply only in the Region where they are set (informational finding).

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

resource "aws_ses_domain_identity" "us" {
  domain = "example.com"
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = "example.com"
}

resource "aws_sns_topic" "feedback" {
  name = "ses-feedback"
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_domain_identity.us.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.feedback.arn
}

resource "aws_ses_identity_notification_topic" "complaint" {
  identity          = aws_ses_domain_identity.us.domain
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.feedback.arn
}
