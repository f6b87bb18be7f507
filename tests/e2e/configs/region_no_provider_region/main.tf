# A provider block with no region at all (the author relied on AWS_REGION at apply time).
# Nothing in the plan says where the identity lives: the honest verdict is unknown, not pass.
# The topic policy names its topic by a literal ARN, which does carry a Region.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

provider "aws" {}

resource "aws_ses_domain_identity" "main" {
  domain = "example.org"
}

resource "aws_ses_domain_dkim" "main" {
  domain = aws_ses_domain_identity.main.domain
}

resource "aws_sns_topic_policy" "shared_feedback" {
  arn = "arn:aws:sns:eu-west-1:111122223333:shared-ses-feedback"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPublish"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111122223333:shared-ses-feedback"
    }]
  })
}
