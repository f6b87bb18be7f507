# The platform estate of platform_clean_multi_region six months later, after three quick fixes
# made at the root, each reaching into the us-east-1 module's outputs from eu-west-1:
#  - the EU app's SMTP secret (eu-west-1) was filled with the us-east-1 module's SMTP password;
#  - delivery notifications for example.com in eu-west-1 go to the us-east-1 feedback topic;
#  - the DKIM records of the eu-west-1 tokens were dropped during a zone clean-up.

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

# --- the quick fixes ---

resource "aws_secretsmanager_secret" "eu_app_smtp" {
  provider = aws.eu
  name     = "eu-app/smtp"
}

resource "aws_secretsmanager_secret_version" "eu_app_smtp" {
  provider  = aws.eu
  secret_id = aws_secretsmanager_secret.eu_app_smtp.id
  secret_string = jsonencode({
    username = module.ses_us.smtp_username
    password = module.ses_us.smtp_password
  })
}

resource "aws_ses_identity_notification_topic" "eu_delivery" {
  provider          = aws.eu
  identity          = local.domain
  notification_type = "Delivery"
  topic_arn         = module.ses_us.feedback_topic_arn
}
