# Two instances of a legacy module that configures its own provider from a module input: one
# given a literal Region, one given a root variable. Their resources use the module's own
# provider configuration (module.<name>:aws), not the root's us-east-1 provider.

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

variable "apac_region" {
  type    = string
  default = "ap-northeast-1"
}

resource "aws_ses_email_identity" "root" {
  email = "hello@example.com"
}

module "legacy_eu" {
  source = "./modules/legacy_sender"
  region = "eu-west-1"
  sender = "hello@example.eu"
}

module "legacy_apac" {
  source = "./modules/legacy_sender"
  region = var.apac_region
  sender = "hello@example.jp"
}
