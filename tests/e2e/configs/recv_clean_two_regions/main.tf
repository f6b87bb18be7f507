# Receiving in two Regions: example.com in us-east-1 and eu.example.com in eu-west-1, one module
# instance per Region. Each Region has exactly one active rule set, holding its rule; every
# action target is in the rule's Region, and each inbound MX points at the Region receiving it.

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

resource "aws_route53_zone" "primary" {
  name = "example.com"
}

module "inbound_us" {
  source      = "./modules/inbound"
  domain      = "example.com"
  name_prefix = "mail-use1"
  zone_id     = aws_route53_zone.primary.zone_id
}

module "inbound_eu" {
  source      = "./modules/inbound"
  domain      = "eu.example.com"
  name_prefix = "mail-euw1"
  zone_id     = aws_route53_zone.primary.zone_id

  providers = {
    aws = aws.eu
  }
}
