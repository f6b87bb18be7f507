relay_email       = "relay@mail.example.com"
forward_emails    = { "info@mail.example.com" = ["ops@example.com"] }
domain            = "mail.example.com"
region            = "us-west-2"
spf               = "v=spf1 include:amazonses.com -all"
lambda_runtime    = "nodejs18.x"
artifact_url      = "https://artifacts.example.com/ses-forwarder/lambda.zip"
artifact_filename = "lambda.zip"
