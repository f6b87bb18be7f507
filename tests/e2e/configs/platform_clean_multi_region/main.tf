# A platform team's SES estate: example.com sends from us-east-1 and eu-west-1 (one module
# instance per Region, each given its provider) and receives in us-east-1. DNS is managed here:
# the verification tokens and DKIM CNAMEs of both Regions, one MAIL FROM MX record with SPF, and
# the inbound MX pointing at the receiving Region.

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
  domain             = "example.com"
  mail_from_domain   = "mail.example.com"
  partner_account_id = "444455556666"
  suppressed_reasons = ["BOUNCE", "COMPLAINT"]
}

module "ses_us" {
  source             = "./modules/ses_region"
  domain             = local.domain
  mail_from_domain   = local.mail_from_domain
  name_prefix        = "use1"
  partner_account_id = local.partner_account_id
  suppressed_reasons = local.suppressed_reasons
  receive            = true
}

module "ses_eu" {
  source             = "./modules/ses_region"
  domain             = local.domain
  mail_from_domain   = local.mail_from_domain
  name_prefix        = "euw1"
  partner_account_id = local.partner_account_id
  suppressed_reasons = local.suppressed_reasons

  providers = {
    aws = aws.eu
  }
}

resource "aws_route53_zone" "main" {
  name = local.domain
}

resource "aws_route53_record" "verification" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "_amazonses.${local.domain}"
  type    = "TXT"
  ttl     = 600
  records = [module.ses_us.verification_token, module.ses_eu.verification_token]
}

resource "aws_route53_record" "dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${module.ses_us.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${module.ses_us.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

resource "aws_route53_record" "dkim_eu" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${module.ses_eu.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${module.ses_eu.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

resource "aws_route53_record" "mail_from_mx" {
  zone_id = aws_route53_zone.main.zone_id
  name    = local.mail_from_domain
  type    = "MX"
  ttl     = 600
  records = ["10 feedback-smtp.${module.ses_us.region}.amazonses.com"]
}

resource "aws_route53_record" "mail_from_spf" {
  zone_id = aws_route53_zone.main.zone_id
  name    = local.mail_from_domain
  type    = "TXT"
  ttl     = 600
  records = ["v=spf1 include:amazonses.com ~all"]
}

resource "aws_route53_record" "inbound_mx" {
  zone_id = aws_route53_zone.main.zone_id
  name    = local.domain
  type    = "MX"
  ttl     = 600
  records = ["10 inbound-smtp.${module.ses_us.region}.amazonaws.com"]
}
