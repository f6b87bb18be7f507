# One SNS topic and one identity per Region (for_each, v6 region argument); each notification
# binding names its topic by instance key. A reference to one instance links that instance
# only: each binding is judged against its own Region's topic alone (clean).

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

locals {
  regions = toset(["us-east-1", "eu-west-1"])
}

resource "aws_sns_topic" "feedback" {
  for_each = local.regions
  region   = each.key
  name     = "ses-feedback"
}

resource "aws_ses_domain_identity" "main" {
  for_each = local.regions
  region   = each.key
  domain   = "example.com"
}

resource "aws_ses_identity_notification_topic" "bounce_us" {
  region            = "us-east-1"
  identity          = aws_ses_domain_identity.main["us-east-1"].domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.feedback["us-east-1"].arn
}

resource "aws_ses_identity_notification_topic" "bounce_eu" {
  region            = "eu-west-1"
  identity          = aws_ses_domain_identity.main["eu-west-1"].domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.feedback["eu-west-1"].arn
}
