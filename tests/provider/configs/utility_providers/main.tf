# Every utility provider at once: what each plans, and what it cannot know before apply.
terraform {
  required_providers {
    aws       = { source = "hashicorp/aws" }
    random    = { source = "hashicorp/random", version = "~> 3.5" }
    null      = { source = "hashicorp/null", version = ">= 3.0" }
    time      = { source = "hashicorp/time" }
    tls       = { source = "hashicorp/tls", version = "~> 4.0" }
    local     = { source = "hashicorp/local" }
    external  = { source = "hashicorp/external" }
    http      = { source = "hashicorp/http" }
    cloudinit = { source = "hashicorp/cloudinit" }
  }
}

provider "aws" {
  region = "eu-central-1"
}

resource "random_id" "suffix" {
  byte_length = 4
}

resource "random_password" "smtp" {
  length = 24
}

resource "null_resource" "hook" {
  triggers = { always = "x" }
}

resource "time_static" "created" {}

resource "tls_private_key" "dkim" {
  algorithm = "RSA"
}

resource "local_file" "report" {
  filename = "${path.module}/report.txt"
  content  = "planned"
}

data "local_file" "settings" {
  filename = "${path.module}/settings.json"
}

data "null_data_source" "echo" {
  inputs = { sender = jsondecode(data.local_file.settings.content).sender }
}

data "external" "lookup" {
  program = ["python3", "${path.module}/lookup.py"]
}

data "http" "ranges" {
  url = "https://ip-ranges.amazonaws.com/ip-ranges.json"
}

data "cloudinit_config" "boot" {
  part {
    content = "#!/bin/sh\necho hi"
  }
}

resource "aws_ses_email_identity" "sender" {
  email = data.null_data_source.echo.outputs["sender"]
}

resource "aws_sns_topic" "bounces" {
  name = "bounces-${random_id.suffix.hex}"
}

resource "aws_ses_configuration_set" "tagged" {
  name = "set-${data.external.lookup.result["suffix"]}"
}
