account_id   = "123456789012"
email_domain = "mail.example.com"
user_name    = "mail-sender"
