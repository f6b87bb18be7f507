# One module instance per sending Region (for_each, v6 `region`), all reporting to a single
# central topic in us-east-1. SES publishes feedback only to topics in the identity's Region, so
# the us-east-1 instance works and the eu-west-1 and ap-southeast-2 instances do not.

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

resource "aws_sns_topic" "central_feedback" {
  name = "central-ses-feedback"
}

module "sending" {
  source   = "./modules/sending_region"
  for_each = toset(["us-east-1", "eu-west-1", "ap-southeast-2"])

  region             = each.key
  domain             = "news.example.com"
  feedback_topic_arn = aws_sns_topic.central_feedback.arn
}
