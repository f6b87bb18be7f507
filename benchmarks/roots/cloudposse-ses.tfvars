domain = "mail.example.com"
