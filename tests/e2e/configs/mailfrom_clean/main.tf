# One custom MAIL FROM domain (mail.example.com) serving example.com in two Regions: the v1 API in
# us-east-1 and the SESv2 API in eu-west-1. A single MX record points at the us-east-1 feedback
# endpoint (SES forwards bounces to the sending Region), plus the SPF record. DKIM is published
# for both Regions' tokens.

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

locals {
  domain           = "example.com"
  mail_from_domain = "mail.${local.domain}"
}

resource "aws_route53_zone" "main" {
  name = local.domain
}

# --- us-east-1 (SES v1 resources) ---

resource "aws_ses_domain_identity" "us" {
  domain = local.domain
}

resource "aws_ses_domain_dkim" "us" {
  domain = aws_ses_domain_identity.us.domain
}

resource "aws_ses_domain_mail_from" "us" {
  domain                 = aws_ses_domain_identity.us.domain
  mail_from_domain       = local.mail_from_domain
  behavior_on_mx_failure = "RejectMessage"
}

resource "aws_route53_record" "dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${aws_ses_domain_dkim.us.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.us.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

# --- eu-west-1 (SESv2 resources; Easy DKIM is part of the identity) ---

resource "aws_sesv2_email_identity" "eu" {
  provider       = aws.eu
  email_identity = local.domain

  dkim_signing_attributes {
    next_signing_key_length = "RSA_2048_BIT"
  }
}

resource "aws_sesv2_email_identity_mail_from_attributes" "eu" {
  provider               = aws.eu
  email_identity         = aws_sesv2_email_identity.eu.email_identity
  mail_from_domain       = local.mail_from_domain
  behavior_on_mx_failure = "REJECT_MESSAGE"
}

resource "aws_route53_record" "dkim_eu" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${aws_sesv2_email_identity.eu.dkim_signing_attributes[0].tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_sesv2_email_identity.eu.dkim_signing_attributes[0].tokens[count.index]}.dkim.amazonses.com"]
}

# --- the shared MAIL FROM domain ---

resource "aws_route53_record" "mail_from_mx" {
  zone_id = aws_route53_zone.main.zone_id
  name    = aws_ses_domain_mail_from.us.mail_from_domain
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.us-east-1.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  zone_id = aws_route53_zone.main.zone_id
  name    = aws_ses_domain_mail_from.us.mail_from_domain
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com -all"]
}
