# Default provider in us-east-1, an alias in eu-west-1 handed to a module, identities placed
# per Region with for_each, and an alias with no Region at all.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { team = "mail" }
  }
}

provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

provider "aws" {
  alias = "nowhere"
}

module "eu_mail" {
  source    = "../../modules/mail"
  providers = { aws = aws.eu }
  domain    = "eu.example.com"
}

resource "aws_ses_domain_identity" "per_region" {
  for_each = toset(["us-west-2", "ap-southeast-2"])
  domain   = "example.com"
  region   = each.key
}

resource "aws_sns_topic" "bounces" {
  name = "bounces"
}

resource "aws_ses_identity_notification_topic" "bounces" {
  identity          = aws_ses_domain_identity.per_region["us-west-2"].domain
  notification_type = "Bounce"
  topic_arn         = aws_sns_topic.bounces.arn
}

resource "aws_ses_email_identity" "unplaced" {
  provider = aws.nowhere
  email    = "ops@example.com"
}

data "aws_region" "eu" {
  provider = aws.eu
}

data "aws_caller_identity" "me" {}
