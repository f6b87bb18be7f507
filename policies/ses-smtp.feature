@SES-SMTP
Feature: SES-SMTP — SMTP credentials are per Region
  Since 2019-01-10 SES SMTP passwords are derived with SigV4 for one Region: a password made
  for us-east-1 does not authenticate in eu-west-1. aws_iam_access_key.ses_smtp_password_v4 is
  derived for the Region of the key's provider configuration (IAM itself has no Region). The
  older SigV2 password worked everywhere and should be deleted and replaced.

  @SES-SMTP-001 @severity:high
  Scenario: An SMTP password is used only in the Region it was derived for
    Given resources of type "aws_iam_access_key"
    When I find who reads its "ses_smtp_password_v4"
    Then every reader is in the Region of its provider configuration

  @SES-SMTP-002 @severity:medium
  Scenario: The legacy SigV2 SMTP password is not used
    Given resources of type "aws_iam_access_key"
    Then nothing reads its "ses_smtp_password"
