# One IAM access key, created through the default provider (us-east-1), so its SigV4 SMTP
# password is valid for us-east-1 only. It is also copied into a secret in eu-west-1 and handed
# to a Lambda module deployed in us-west-2: SMTP authentication fails in both Regions.

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

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

resource "aws_iam_user" "smtp" {
  name = "ses-smtp"
}

resource "aws_iam_access_key" "smtp" {
  user = aws_iam_user.smtp.name
}

# us-east-1: correct use of the us-east-1 password.
resource "aws_secretsmanager_secret" "smtp_us" {
  name = "ses/smtp"
}

resource "aws_secretsmanager_secret_version" "smtp_us" {
  secret_id = aws_secretsmanager_secret.smtp_us.id
  secret_string = jsonencode({
    username = aws_iam_access_key.smtp.id
    password = aws_iam_access_key.smtp.ses_smtp_password_v4
  })
}

# eu-west-1: the same password, which SES in eu-west-1 will reject.
resource "aws_secretsmanager_secret" "smtp_eu" {
  provider = aws.eu
  name     = "ses/smtp"
}

resource "aws_secretsmanager_secret_version" "smtp_eu" {
  provider  = aws.eu
  secret_id = aws_secretsmanager_secret.smtp_eu.id
  secret_string = jsonencode({
    username = aws_iam_access_key.smtp.id
    password = aws_iam_access_key.smtp.ses_smtp_password_v4
  })
}

resource "aws_iam_role" "notifier" {
  name = "alert-mailer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

module "notifier_west" {
  source        = "./modules/notifier"
  smtp_username = aws_iam_access_key.smtp.id
  smtp_password = aws_iam_access_key.smtp.ses_smtp_password_v4
  role_arn      = aws_iam_role.notifier.arn

  providers = {
    aws = aws.west
  }
}
