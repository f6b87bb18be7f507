# Where SES is (not) offered:
#  - a Hong Kong team declared its sending domain in ap-east-1, a Region without SES, and also
#    set up receiving there (a rule set, activated) with an MX record pointing at ap-east-1;
#  - example.com's inbound MX points at us-west-2, where the active rule set only accepts mail
#    for example.net — mail for example.com would be rejected there.
# The us-west-2 receiving for example.net itself is fine.

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
  region = "us-west-2"
}

provider "aws" {
  alias  = "hk"
  region = "ap-east-1"
}

resource "aws_ses_domain_identity" "hk" {
  provider = aws.hk
  domain   = "hk.example.com"
}

resource "aws_ses_receipt_rule_set" "hk" {
  provider      = aws.hk
  rule_set_name = "hk-inbound"
}

resource "aws_ses_active_receipt_rule_set" "hk" {
  provider      = aws.hk
  rule_set_name = aws_ses_receipt_rule_set.hk.rule_set_name
}

resource "aws_route53_record" "hk_mx" {
  zone_id = aws_route53_zone.com.zone_id
  name    = "hk.example.com"
  type    = "MX"
  ttl     = 300
  records = ["10 inbound-smtp.ap-east-1.amazonaws.com"]
}

resource "aws_sns_topic" "inbound" {
  name = "inbound-mail"
}

resource "aws_ses_receipt_rule_set" "main" {
  rule_set_name = "main"
}

resource "aws_ses_active_receipt_rule_set" "main" {
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
}

resource "aws_ses_receipt_rule" "net" {
  name          = "example-net"
  rule_set_name = aws_ses_receipt_rule_set.main.rule_set_name
  recipients    = ["example.net"]
  enabled       = true

  sns_action {
    topic_arn = aws_sns_topic.inbound.arn
    position  = 1
  }
}

resource "aws_route53_zone" "net" {
  name = "example.net"
}

resource "aws_route53_record" "net_mx" {
  zone_id = aws_route53_zone.net.zone_id
  name    = "example.net"
  type    = "MX"
  ttl     = 300
  records = ["10 inbound-smtp.us-west-2.amazonaws.com"]
}

resource "aws_route53_zone" "com" {
  name = "example.com"
}

resource "aws_route53_record" "com_mx" {
  zone_id = aws_route53_zone.com.zone_id
  name    = "example.com"
  type    = "MX"
  ttl     = 300
  records = ["10 inbound-smtp.us-west-2.amazonaws.com"]
}
