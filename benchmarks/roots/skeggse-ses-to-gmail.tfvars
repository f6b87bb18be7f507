name          = "ses-to-gmail"
deploy_bucket = "acme-deploy"
recipients    = ["me@mail.example.com"]
google_oauth = {
  client_id        = "1234567890-abc.apps.googleusercontent.com"
  secret_parameter = "/ses-to-gmail/client-secret"
  token_parameter  = "/ses-to-gmail/refresh-token"
}
