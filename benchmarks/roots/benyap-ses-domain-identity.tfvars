email_domain   = "mail.example.com"
hosted_zone_id = "Z0123456789ABCDEFGHIJ"
