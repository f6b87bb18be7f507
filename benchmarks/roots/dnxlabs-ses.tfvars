domain_identities = [{ domain = "mail.example.com" }]
