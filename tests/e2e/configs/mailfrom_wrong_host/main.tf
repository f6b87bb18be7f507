# Two MAIL FROM domains configured in us-east-1, each with a wrong MX host:
#  - bounce.example.com points at the *inbound* SMTP endpoint (inbound-smtp…amazonaws.com), which
#    is for receiving, not for the feedback loop;
#  - mail.example.org points at the feedback endpoint of ap-southeast-1, a Region where this
#    MAIL FROM domain is not configured.

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

# --- example.com ---

resource "aws_route53_zone" "com" {
  name = "example.com"
}

resource "aws_ses_domain_identity" "com" {
  domain = "example.com"
}

resource "aws_ses_domain_mail_from" "com" {
  domain           = aws_ses_domain_identity.com.domain
  mail_from_domain = "bounce.example.com"
}

resource "aws_route53_record" "com_mail_from_mx" {
  zone_id = aws_route53_zone.com.zone_id
  name    = aws_ses_domain_mail_from.com.mail_from_domain
  type    = "MX"
  ttl     = 600
  records = ["10 inbound-smtp.us-east-1.amazonaws.com"]
}

resource "aws_route53_record" "com_mail_from_spf" {
  zone_id = aws_route53_zone.com.zone_id
  name    = aws_ses_domain_mail_from.com.mail_from_domain
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}

# --- example.org ---

data "aws_route53_zone" "org" {
  name         = "example.org"
  private_zone = false
}

resource "aws_ses_domain_identity" "org" {
  domain = "example.org"
}

resource "aws_ses_domain_mail_from" "org" {
  domain           = aws_ses_domain_identity.org.domain
  mail_from_domain = "mail.example.org"
}

resource "aws_route53_record" "org_mail_from_mx" {
  zone_id = data.aws_route53_zone.org.zone_id
  name    = "mail.example.org"
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.ap-southeast-1.amazonses.com"]
}

resource "aws_route53_record" "org_mail_from_spf" {
  zone_id = data.aws_route53_zone.org.zone_id
  name    = "mail.example.org"
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}
