# example.com verified with Easy DKIM in us-east-1 and eu-west-1. The Route 53 zone is managed
# here, so it publishes the verification tokens of both Regions and the three DKIM CNAME records
# of each Region's tokens.

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
  domain = "example.com"
}

resource "aws_route53_zone" "main" {
  name = local.domain
}

resource "aws_ses_domain_identity" "us" {
  domain = local.domain
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = local.domain
}

resource "aws_route53_record" "verification" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "_amazonses.${local.domain}"
  type    = "TXT"
  ttl     = 600
  records = [
    aws_ses_domain_identity.us.verification_token,
    aws_ses_domain_identity.eu.verification_token,
  ]
}

resource "aws_ses_domain_identity_verification" "us" {
  domain     = aws_ses_domain_identity.us.domain
  depends_on = [aws_route53_record.verification]
}

resource "aws_ses_domain_identity_verification" "eu" {
  provider   = aws.eu
  domain     = aws_ses_domain_identity.eu.domain
  depends_on = [aws_route53_record.verification]
}

resource "aws_ses_domain_dkim" "us" {
  domain = aws_ses_domain_identity.us.domain
}

resource "aws_ses_domain_dkim" "eu" {
  provider = aws.eu
  domain   = aws_ses_domain_identity.eu.domain
}

resource "aws_route53_record" "dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${aws_ses_domain_dkim.us.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.us.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

resource "aws_route53_record" "dkim_eu" {
  count   = 3
  zone_id = aws_route53_zone.main.zone_id
  name    = "${aws_ses_domain_dkim.eu.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.eu.dkim_tokens[count.index]}.dkim.amazonses.com"]
}
