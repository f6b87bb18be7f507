domain = "notify.example.com"
region = "eu-west-2"
# The Lambda package is a release artifact the module's users download first; the plan only
# reads its hash (filebase64sha256), so a file of the repository stands in for it.
lambda_sns_to_ses_mailer_zip = {
  base_path = "."
  file_name = "README.md"
}
