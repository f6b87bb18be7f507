# AWS provider 5.x (no per-resource `region` argument): the Region of every resource comes only
# from its provider configuration. Default provider in us-east-1, alias "eu" in eu-west-1.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
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

locals {
  domain = "shop.example.com"
}

resource "aws_ses_domain_identity" "us" {
  domain = local.domain
}

resource "aws_ses_domain_dkim" "us" {
  domain = aws_ses_domain_identity.us.domain
}

resource "aws_sns_topic" "us_feedback" {
  name = "shop-ses-feedback"
}

resource "aws_ses_identity_notification_topic" "us_bounce" {
  identity          = aws_ses_domain_identity.us.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.us_feedback.arn
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = local.domain
}

resource "aws_ses_domain_dkim" "eu" {
  provider = aws.eu
  domain   = aws_ses_domain_identity.eu.domain
}

resource "aws_sns_topic" "eu_feedback" {
  provider = aws.eu
  name     = "shop-ses-feedback"
}

resource "aws_ses_identity_notification_topic" "eu_bounce" {
  provider          = aws.eu
  identity          = aws_ses_domain_identity.eu.domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.eu_feedback.arn
}
