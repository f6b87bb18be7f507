bucket_name       = "acme-mail-forwarder"
from_email        = "forwarder@mail.example.com"
recipient_mapping = { "info@mail.example.com" = ["ops@example.com"] }
