domain_name     = "mail.trade-tariff.example.com"
route53_zone_id = "Z0123456789ABCDEFGHIJ"
email_receiver  = true
