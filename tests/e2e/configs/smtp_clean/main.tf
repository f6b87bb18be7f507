# SMTP sending from two Regions. SigV4 SMTP passwords are derived for one Region (the Region of
# the access key's provider configuration), so each Region gets its own IAM user and key, and
# its credentials are stored in a secret in that same Region.

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

resource "aws_ses_domain_identity" "us" {
  domain = "example.com"
}

resource "aws_ses_domain_identity" "eu" {
  provider = aws.eu
  domain   = "example.com"
}

# --- us-east-1 credentials ---

resource "aws_iam_user" "smtp_us" {
  name = "ses-smtp-us-east-1"
  path = "/ses/"
}

resource "aws_iam_access_key" "smtp_us" {
  user = aws_iam_user.smtp_us.name
}

resource "aws_secretsmanager_secret" "smtp_us" {
  name                    = "ses/smtp/us-east-1"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "smtp_us" {
  secret_id = aws_secretsmanager_secret.smtp_us.id
  secret_string = jsonencode({
    host     = "email-smtp.us-east-1.amazonaws.com"
    username = aws_iam_access_key.smtp_us.id
    password = aws_iam_access_key.smtp_us.ses_smtp_password_v4
  })
}

# --- eu-west-1 credentials: the key is created through the eu provider ---

resource "aws_iam_user" "smtp_eu" {
  name = "ses-smtp-eu-west-1"
  path = "/ses/"
}

resource "aws_iam_access_key" "smtp_eu" {
  provider = aws.eu
  user     = aws_iam_user.smtp_eu.name
}

resource "aws_secretsmanager_secret" "smtp_eu" {
  provider                = aws.eu
  name                    = "ses/smtp/eu-west-1"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "smtp_eu" {
  provider  = aws.eu
  secret_id = aws_secretsmanager_secret.smtp_eu.id
  secret_string = jsonencode({
    host     = "email-smtp.eu-west-1.amazonaws.com"
    username = aws_iam_access_key.smtp_eu.id
    password = aws_iam_access_key.smtp_eu.ses_smtp_password_v4
  })
}
