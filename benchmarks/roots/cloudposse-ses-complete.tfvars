region = "us-east-2"
domain = "mail.example.com"
