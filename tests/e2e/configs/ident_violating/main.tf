# example.com is verified in us-east-1 and eu-west-1. Two resources use it where it is not:
#  - an Easy DKIM setup and a verification waiter copied into ap-southeast-2, where no identity
#    for example.com exists;
#  - support@example.com (us-east-1) is bound to a configuration set that exists only in
#    eu-west-1.

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

resource "aws_ses_domain_identity" "us" {
  domain = "example.com"
}

resource "aws_ses_domain_dkim" "us" {
  domain = aws_ses_domain_identity.us.domain
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = "example.com"
}

resource "aws_ses_domain_dkim" "eu" {
  provider = aws.eu
  domain   = aws_ses_domain_identity.eu.domain
}

resource "aws_ses_domain_dkim" "apac" {
  provider = aws.apac
  domain   = "example.com"
}

resource "aws_ses_domain_identity_verification" "apac" {
  provider = aws.apac
  domain   = "example.com"
}

resource "aws_sesv2_configuration_set" "eu_transactional" {
  provider               = aws.eu
  configuration_set_name = "transactional"
}

resource "aws_sesv2_email_identity" "support" {
  email_identity         = "support@example.com"
  configuration_set_name = aws_sesv2_configuration_set.eu_transactional.configuration_set_name
}
