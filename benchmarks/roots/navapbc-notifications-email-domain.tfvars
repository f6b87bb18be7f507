domain_name = "notify.example.com"
