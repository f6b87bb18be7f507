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
  region = "eu-west-1"
}

# The shared stack: a central topic for mail events.
resource "aws_sns_topic" "central" {
  name = "mail-events"
}
