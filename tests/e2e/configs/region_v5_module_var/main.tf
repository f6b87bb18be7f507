# Provider 5.x with both provider Regions taken from variables (one default, one set in
# terraform.tfvars), and the same module instantiated with each provider configuration.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

variable "primary_region" {
  type    = string
  default = "us-west-2"
}

variable "secondary_region" {
  type    = string
  default = "us-east-1"
}

provider "aws" {
  region = var.primary_region
}

provider "aws" {
  alias  = "secondary"
  region = var.secondary_region
}

module "sender_primary" {
  source = "./modules/sender"
  sender = "orders@example.com"
}

module "sender_secondary" {
  source = "./modules/sender"
  sender = "orders@example.com"

  providers = {
    aws = aws.secondary
  }
}
