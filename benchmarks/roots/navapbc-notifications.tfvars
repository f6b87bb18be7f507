name                = "app-notifications"
sender_email        = "no-reply@notify.example.com"
domain_identity_arn = "arn:aws:ses:us-east-1:123456789012:identity/notify.example.com"
