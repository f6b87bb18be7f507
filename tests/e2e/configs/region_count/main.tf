# `count` over a list of Regions: instance [0] and [1] of each resource are in different Regions,
# and the notification bindings pick the topic with the same index.

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
  region = "eu-west-1"
}

locals {
  regions = ["eu-west-1", "eu-central-1"]
  sender  = "reports@example.eu"
}

resource "aws_ses_email_identity" "reports" {
  count = length(local.regions)

  region = local.regions[count.index]
  email  = local.sender
}

resource "aws_sns_topic" "complaints" {
  count = length(local.regions)

  region = local.regions[count.index]
  name   = "reports-complaints"
}

resource "aws_ses_identity_notification_topic" "complaint" {
  count = length(local.regions)

  region            = local.regions[count.index]
  identity          = aws_ses_email_identity.reports[count.index].email
  notification_type = "Complaint"
  topic_arn         = aws_sns_topic.complaints[count.index].arn
}
