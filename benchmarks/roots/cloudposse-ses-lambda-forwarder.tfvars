relay_email = "relay@mail.example.com"
domain      = "mail.example.com"
region      = "us-west-2"
