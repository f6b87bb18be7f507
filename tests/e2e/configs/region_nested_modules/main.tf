# Nested modules: the root passes aws.west into "regional_mail", which calls two child modules
# without a providers argument, so they inherit us-west-2 two levels down.

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
  alias  = "west"
  region = "us-west-2"
}

module "regional_mail" {
  source = "./modules/regional_mail"
  domain = "orders.example.com"

  providers = {
    aws = aws.west
  }
}
