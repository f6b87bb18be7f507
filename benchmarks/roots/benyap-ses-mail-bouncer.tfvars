email_domain      = "mail.example.com"
rule_name         = "bounce-unknown"
rule_set_name     = "inbound"
bounce_recipients = ["nobody@mail.example.com"]
bounce_sender     = "mailer-daemon@mail.example.com"
