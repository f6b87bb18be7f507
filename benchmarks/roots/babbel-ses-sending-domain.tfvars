domain_name    = "mail.example.com"
route53_zone   = { zone_id = "Z0123456789ABCDEFGHIJ" }
sns_topic_name = "ses-notifications"
