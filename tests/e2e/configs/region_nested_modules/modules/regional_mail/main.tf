terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "domain" {
  type = string
}

module "identity" {
  source = "./modules/identity"
  domain = var.domain
}

module "notifications" {
  source   = "./modules/notifications"
  identity = module.identity.domain
}
