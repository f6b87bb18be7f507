# One provider block (us-east-1) and one module instance per sending Region via for_each; each
# instance passes its key down as the resources' v6 `region` argument.

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

module "sending" {
  source   = "./modules/sending_region"
  for_each = toset(["us-east-1", "eu-west-1", "ap-southeast-2"])

  region = each.key
  domain = "news.example.com"
}
