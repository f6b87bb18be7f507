account_id      = "123456789012"
ses_region      = "eu-west-1"
domain_identity = "mail.example.com"
user_name       = "ses-smtp"
