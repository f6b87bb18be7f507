# Inbound mail for one domain in one Region: SES stores each message in an encrypted S3 bucket,
# notifies an SNS topic and invokes a forwarding Lambda. Every target is created with the same
# provider configuration as the receipt rule, so all of them share its Region.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "domain" {
  type        = string
  description = "Domain whose mail this Region receives."
}

variable "name_prefix" {
  type        = string
  description = "Prefix for bucket, topic, function and rule-set names."
}

variable "zone_id" {
  type        = string
  description = "Route 53 zone that publishes the inbound MX record."
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  account_id    = data.aws_caller_identity.current.account_id
  region        = data.aws_region.current.region
  rule_set_name = "${var.name_prefix}-inbound"
  bucket_name   = "${var.name_prefix}-inbound-mail-${local.account_id}"
}

resource "aws_ses_domain_identity" "this" {
  domain = var.domain
}

resource "aws_kms_key" "mail" {
  description             = "Encrypts inbound mail for ${var.domain}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdmin"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowSESEncrypt"
        Effect    = "Allow"
        Principal = { Service = "ses.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { StringEquals = { "AWS:SourceAccount" = local.account_id } }
      }
    ]
  })
}

resource "aws_kms_alias" "mail" {
  name          = "alias/${var.name_prefix}-inbound-mail"
  target_key_id = aws_kms_key.mail.key_id
}

resource "aws_s3_bucket" "mail" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_policy" "mail" {
  bucket = aws_s3_bucket.mail.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPuts"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::${local.bucket_name}/*"
      Condition = { StringEquals = { "AWS:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_sns_topic" "inbound" {
  name = "${var.name_prefix}-inbound-mail"
}

resource "aws_sns_topic_policy" "inbound" {
  arn = aws_sns_topic.inbound.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AllowSESPublish"
      Effect    = "Allow"
      Principal = { Service = "ses.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:${local.region}:${local.account_id}:${var.name_prefix}-inbound-mail"
      Condition = { StringEquals = { "AWS:SourceAccount" = local.account_id } }
    }]
  })
}

resource "aws_iam_role" "forwarder" {
  name = "${var.name_prefix}-mail-forwarder"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "forwarder" {
  function_name = "${var.name_prefix}-mail-forwarder"
  role          = aws_iam_role.forwarder.arn
  runtime       = "python3.12"
  handler       = "forwarder.handler"
  filename      = "${path.module}/forwarder.zip"
  timeout       = 30

  environment {
    variables = {
      MAIL_BUCKET = local.bucket_name
    }
  }
}

resource "aws_lambda_permission" "ses_invoke" {
  statement_id   = "AllowSESInvoke"
  action         = "lambda:InvokeFunction"
  function_name  = aws_lambda_function.forwarder.function_name
  principal      = "ses.amazonaws.com"
  source_account = local.account_id
  source_arn     = "arn:aws:ses:${local.region}:${local.account_id}:receipt-rule-set/${local.rule_set_name}:receipt-rule/store-and-forward"
}

resource "aws_ses_receipt_rule_set" "this" {
  rule_set_name = local.rule_set_name
}

resource "aws_ses_active_receipt_rule_set" "this" {
  rule_set_name = aws_ses_receipt_rule_set.this.rule_set_name
}

resource "aws_ses_receipt_rule" "store_and_forward" {
  name          = "store-and-forward"
  rule_set_name = aws_ses_receipt_rule_set.this.rule_set_name
  recipients    = [var.domain]
  enabled       = true
  scan_enabled  = true
  tls_policy    = "Require"

  s3_action {
    bucket_name       = aws_s3_bucket.mail.bucket
    object_key_prefix = "incoming/"
    kms_key_arn       = aws_kms_key.mail.arn
    topic_arn         = aws_sns_topic.inbound.arn
    position          = 1
  }

  lambda_action {
    function_arn    = aws_lambda_function.forwarder.arn
    invocation_type = "Event"
    position        = 2
  }

  depends_on = [
    aws_s3_bucket_policy.mail,
    aws_lambda_permission.ses_invoke,
    aws_sns_topic_policy.inbound,
  ]
}

resource "aws_route53_record" "inbound_mx" {
  zone_id = var.zone_id
  name    = var.domain
  type    = "MX"
  ttl     = 600
  records = ["10 inbound-smtp.${local.region}.amazonaws.com"]
}
