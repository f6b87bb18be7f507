output "dkim_tokens" {
  value = aws_ses_domain_dkim.this.dkim_tokens
}

output "verification_token" {
  value = aws_ses_domain_identity.this.verification_token
}

output "feedback_topic_arn" {
  value = aws_sns_topic.feedback.arn
}

output "region" {
  value = local.region
}

output "smtp_username" {
  value = aws_iam_access_key.smtp.id
}

output "smtp_password" {
  value     = aws_iam_access_key.smtp.ses_smtp_password_v4
  sensitive = true
}
