# Two domains, both declared in us-east-1 and eu-west-1, both published in zones managed here:
#  - example.com has Easy DKIM only in us-east-1; mail sent from eu-west-1 goes out unsigned;
#  - example.net has Easy DKIM in both Regions, but only the us-east-1 tokens were published.

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

# --- example.com ---

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

resource "aws_ses_domain_dkim" "com_us" {
  domain = aws_ses_domain_identity.com_us.domain
}

resource "aws_route53_record" "com_dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.com.zone_id
  name    = "${aws_ses_domain_dkim.com_us.dkim_tokens[count.index]}._domainkey"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.com_us.dkim_tokens[count.index]}.dkim.amazonses.com"]
}

# --- example.net ---

resource "aws_route53_zone" "net" {
  name = "example.net"
}

resource "aws_ses_domain_identity" "net_us" {
  domain = "example.net"
}

resource "aws_ses_domain_identity" "net_eu" {
  provider = aws.eu
  domain   = "example.net"
}

resource "aws_ses_domain_dkim" "net_us" {
  domain = aws_ses_domain_identity.net_us.domain
}

resource "aws_ses_domain_dkim" "net_eu" {
  provider = aws.eu
  domain   = aws_ses_domain_identity.net_eu.domain
}

resource "aws_route53_record" "net_dkim_us" {
  count   = 3
  zone_id = aws_route53_zone.net.zone_id
  name    = "${aws_ses_domain_dkim.net_us.dkim_tokens[count.index]}._domainkey.example.net"
  type    = "CNAME"
  ttl     = 600
  records = ["${aws_ses_domain_dkim.net_us.dkim_tokens[count.index]}.dkim.amazonses.com"]
}
