# One sending domain, declared in three Regions through the default provider and two aliases.
# Every Region has its own identity and its own Easy DKIM, as the SES guide requires.

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

provider "aws" {
  alias  = "apac"
  region = "ap-southeast-2"
}

locals {
  domain = "notify.example.com"
}

resource "aws_ses_domain_identity" "us" {
  domain = local.domain
}

resource "aws_ses_domain_dkim" "us" {
  domain = aws_ses_domain_identity.us.domain
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = local.domain
}

resource "aws_ses_domain_dkim" "eu" {
  provider = aws.eu
  domain   = aws_ses_domain_identity.eu.domain
}

resource "aws_ses_domain_identity" "apac" {
  provider = aws.apac
  domain   = local.domain
}

resource "aws_ses_domain_dkim" "apac" {
  provider = aws.apac
  domain   = aws_ses_domain_identity.apac.domain
}
