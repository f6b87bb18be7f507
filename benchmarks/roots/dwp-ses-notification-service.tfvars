domain = "notify.example.com"
region = "eu-west-2"
