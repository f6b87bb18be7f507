region = "eu-west-2"
domain = "mail.example.com"
