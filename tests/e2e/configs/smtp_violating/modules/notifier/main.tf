# A small Lambda that sends alert mail over SMTP with the credentials it is given.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "smtp_username" {
  type = string
}

variable "smtp_password" {
  type      = string
  sensitive = true
}

variable "role_arn" {
  type = string
}

resource "aws_lambda_function" "notifier" {
  function_name = "alert-mailer"
  role          = var.role_arn
  runtime       = "python3.12"
  handler       = "mailer.handler"
  filename      = "${path.module}/mailer.zip"

  environment {
    variables = {
      SMTP_HOST     = "email-smtp.us-west-2.amazonaws.com"
      SMTP_USERNAME = var.smtp_username
      SMTP_PASSWORD = var.smtp_password
    }
  }
}
