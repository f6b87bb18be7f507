# The same sending-domain module instantiated twice: once with the default provider (us-east-1)
# and once with `providers = { aws = aws.eu }`, so its resources land in eu-west-1.

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

module "mail_us" {
  source      = "./modules/sending_domain"
  domain      = "example.com"
  name_prefix = "mail-us"
}

module "mail_eu" {
  source      = "./modules/sending_domain"
  domain      = "example.com"
  name_prefix = "mail-eu"

  providers = {
    aws = aws.eu
  }
}
