# Everything one Region needs to send (and optionally receive) mail for a domain. The caller picks
# the Region by the provider configuration it passes in.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account_id         = data.aws_caller_identity.current.account_id
  region             = data.aws_region.current.region
  feedback_topic_arn = var.feedback_topic_arn != null ? var.feedback_topic_arn : aws_sns_topic.feedback.arn
}

# --- identity ---

resource "aws_ses_domain_identity" "this" {
  domain = var.domain
}

resource "aws_ses_domain_dkim" "this" {
  domain = aws_ses_domain_identity.this.domain
}

resource "aws_ses_domain_mail_from" "this" {
  domain                 = aws_ses_domain_identity.this.domain
  mail_from_domain       = var.mail_from_domain
  behavior_on_mx_failure = "UseDefaultValue"
}

resource "aws_ses_identity_policy" "partner" {
  identity = aws_ses_domain_identity.this.arn
  name     = "${var.name_prefix}-partner-send"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.partner_account_id}:root" }
      Action    = ["ses:SendEmail", "ses:SendRawEmail"]
      Resource  = "arn:aws:ses:${local.region}:${local.account_id}:identity/${var.domain}"
    }]
  })
}

resource "aws_sesv2_account_suppression_attributes" "this" {
  suppressed_reasons = var.suppressed_reasons
}

# --- feedback ---

resource "aws_sns_topic" "feedback" {
  name = "${var.name_prefix}-ses-feedback"
}

resource "aws_sns_topic_policy" "feedback" {
  arn = aws_sns_topic.feedback.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:${local.region}:${local.account_id}:${var.name_prefix}-ses-feedback"
    }]
  })
}

resource "aws_ses_identity_notification_topic" "bounce" {
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Bounce"
  topic_arn         = local.feedback_topic_arn
}

resource "aws_ses_identity_notification_topic" "complaint" {
  identity          = aws_ses_domain_identity.this.domain
  notification_type = "Complaint"
  topic_arn         = local.feedback_topic_arn
}

resource "aws_sesv2_configuration_set" "transactional" {
  configuration_set_name = "${var.name_prefix}-transactional"

  delivery_options {
    tls_policy = "REQUIRE"
  }
}

resource "aws_sesv2_configuration_set_event_destination" "feedback" {
  configuration_set_name = aws_sesv2_configuration_set.transactional.configuration_set_name
  event_destination_name = "feedback"

  event_destination {
    enabled              = true
    matching_event_types = ["BOUNCE", "COMPLAINT", "REJECT"]

    sns_destination {
      topic_arn = aws_sns_topic.feedback.arn
    }
  }
}

# --- SMTP credentials for this Region ---

resource "aws_iam_user" "smtp" {
  name = "${var.name_prefix}-ses-smtp"
  path = "/ses/"
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

resource "aws_secretsmanager_secret" "smtp" {
  name = "ses/${var.name_prefix}/smtp"
}

resource "aws_secretsmanager_secret_version" "smtp" {
  secret_id = aws_secretsmanager_secret.smtp.id
  secret_string = jsonencode({
    host     = "email-smtp.${local.region}.amazonaws.com"
    username = aws_iam_access_key.smtp.id
    password = aws_iam_access_key.smtp.ses_smtp_password_v4
  })
}

# --- receiving (optional) ---

resource "aws_sns_topic" "inbound" {
  count = var.receive ? 1 : 0
  name  = "${var.name_prefix}-inbound"
}

resource "aws_s3_bucket" "inbound" {
  count  = var.receive ? 1 : 0
  bucket = "${var.name_prefix}-inbound-${local.account_id}"
}

resource "aws_s3_bucket_policy" "inbound" {
  count  = var.receive ? 1 : 0
  bucket = aws_s3_bucket.inbound[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${var.name_prefix}-inbound-${local.account_id}/*"
      Condition = { StringEquals = { "AWS:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_ses_receipt_rule_set" "this" {
  count         = var.receive ? 1 : 0
  rule_set_name = "${var.name_prefix}-inbound"
}

resource "aws_ses_active_receipt_rule_set" "this" {
  count         = var.receive ? 1 : 0
  rule_set_name = aws_ses_receipt_rule_set.this[0].rule_set_name
}

resource "aws_ses_receipt_rule" "store" {
  count         = var.receive ? 1 : 0
  name          = "store"
  rule_set_name = aws_ses_receipt_rule_set.this[0].rule_set_name
  recipients    = [var.domain]
  enabled       = true
  scan_enabled  = true

  s3_action {
    bucket_name = aws_s3_bucket.inbound[0].bucket
    topic_arn   = aws_sns_topic.inbound[0].arn
    position    = 1
  }

  depends_on = [aws_s3_bucket_policy.inbound]
}
