# A MAIL FROM MX record whose value comes from a data source read only at apply (it depends on a
# resource this plan creates): Terraform writes `records: [null]` in `after` and marks the
# element unknown (`after_unknown: {"records": [true]}`). That is not a record pointing at
# nothing: the verdict on it is unknown, never a failure. A second, known MX record for another
# MAIL FROM domain points at an inbound-smtp host: that one is a known failure.

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

resource "aws_route53_zone" "main" {
  name = "example.com"
}

resource "aws_ses_domain_identity" "main" {
  domain = "example.com"
}

resource "aws_ses_domain_mail_from" "main" {
  domain           = aws_ses_domain_identity.main.domain
  mail_from_domain = "mail.example.com"
}

resource "aws_ses_domain_identity" "shop" {
  domain = "shop.example.com"
}

resource "aws_ses_domain_mail_from" "shop" {
  domain           = aws_ses_domain_identity.shop.domain
  mail_from_domain = "bounce.shop.example.com"
}

# Read at apply: it waits for the MAIL FROM setting.
data "aws_region" "current" {
  depends_on = [aws_ses_domain_mail_from.main]
}

resource "aws_route53_record" "mail_from_mx" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "mail.example.com"
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.${data.aws_region.current.region}.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "mail.example.com"
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}

resource "aws_route53_record" "shop_mx" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "bounce.shop.example.com"
  type    = "MX"
  ttl     = 600
  records = ["10 inbound-smtp.us-east-1.amazonaws.com"]
}

resource "aws_route53_record" "shop_spf" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "bounce.shop.example.com"
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}
