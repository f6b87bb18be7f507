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

# The dns stack: the zone and the DKIM CNAME records of the tokens it was given.
resource "aws_route53_zone" "main" {
  name = "example.com"
}

variable "us_tokens" {
  type = list(string)
}

resource "aws_route53_record" "dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${var.us_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${var.us_tokens[count.index]}.dkim.amazonses.com"]
}
