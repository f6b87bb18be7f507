# Pinned to provider 5.x: no per-resource region; aws_s3_bucket.region is computed.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "eu-central-1"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_s3_bucket" "inbound" {
  bucket = "inbound-mail"
}

data "aws_region" "current" {}
