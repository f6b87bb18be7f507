project_tag     = "mail"
environment_tag = "prod"
account_id      = "123456789012"
email_domain    = "mail.example.com"
