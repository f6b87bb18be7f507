variable "domain" {
  type = string
}

resource "aws_ses_domain_identity" "this" {
  domain = var.domain
}

resource "aws_sesv2_configuration_set" "this" {
  configuration_set_name = "eu-mail"
  # Read from a file beside the module by relative path, so the copy must carry it.
  tags = jsondecode(file("${path.module}/../../shared/tags.json"))
}
