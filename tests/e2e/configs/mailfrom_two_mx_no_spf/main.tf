# MAIL FROM DNS mistakes:
#  - mail.example.com (configured in us-east-1 and eu-west-1) publishes two MX values, one per
#    Region; SES wants exactly one MX record, and forwards bounces between Regions itself;
#  - bounce.example.net has its MX record but no SPF TXT record.

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

# --- example.com in two Regions ---

resource "aws_route53_zone" "com" {
  name = "example.com"
}

resource "aws_ses_domain_identity" "com_us" {
  domain = "example.com"
}

resource "aws_ses_domain_identity" "com_eu" {
  provider = aws.eu
  domain   = "example.com"
}

resource "aws_ses_domain_mail_from" "com_us" {
  domain           = aws_ses_domain_identity.com_us.domain
  mail_from_domain = "mail.example.com"
}

resource "aws_ses_domain_mail_from" "com_eu" {
  provider         = aws.eu
  domain           = aws_ses_domain_identity.com_eu.domain
  mail_from_domain = "mail.example.com"
}

resource "aws_route53_record" "com_mail_from_mx" {
  zone_id = aws_route53_zone.com.zone_id
  name    = "mail.example.com"
  type    = "MX"
  ttl     = 600
  records = [
    "10 feedback-smtp.us-east-1.amazonses.com",
    "20 feedback-smtp.eu-west-1.amazonses.com",
  ]
}

resource "aws_route53_record" "com_mail_from_spf" {
  zone_id = aws_route53_zone.com.zone_id
  name    = "mail.example.com"
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}

# --- example.net: MX but no SPF ---

resource "aws_route53_zone" "net" {
  name = "example.net"
}

resource "aws_ses_domain_identity" "net" {
  domain = "example.net"
}

resource "aws_ses_domain_mail_from" "net" {
  domain           = aws_ses_domain_identity.net.domain
  mail_from_domain = "bounce.example.net"
}

resource "aws_route53_record" "net_mail_from_mx" {
  zone_id = aws_route53_zone.net.zone_id
  name    = aws_ses_domain_mail_from.net.mail_from_domain
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.us-east-1.amazonses.com"]
}
