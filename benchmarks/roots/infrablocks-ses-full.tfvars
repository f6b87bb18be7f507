region           = "eu-west-2"
domain           = "mail.example.com"
zone_id          = "Z0123456789ABCDEFGHIJ"
mail_from_domain = "bounce"
