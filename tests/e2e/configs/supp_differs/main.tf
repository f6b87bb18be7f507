# Suppression settings that drifted apart: us-east-1 suppresses bounces and complaints, while
# eu-west-1 was set up later to suppress bounces only. Informational: each Region keeps its own
# list and settings.

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

resource "aws_sesv2_account_suppression_attributes" "us" {
  suppressed_reasons = ["BOUNCE", "COMPLAINT"]
}

resource "aws_sesv2_account_suppression_attributes" "eu" {
  provider           = aws.eu
  suppressed_reasons = ["BOUNCE"]
}

resource "aws_ses_email_identity" "us" {
  email = "news@example.com"
}

resource "aws_ses_email_identity" "eu" {
  provider = aws.eu
  email    = "news@example.com"
}
