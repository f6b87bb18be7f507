@SES-SMTP
Feature: SES-SMTP — SMTP credentials are per Region
  Since 2019-01-10 SES SMTP passwords are derived with SigV4 for one Region: a password made
  for us-east-1 does not authenticate in eu-west-1. aws_iam_access_key.ses_smtp_password_v4 is
  derived for the Region of the key's provider configuration (IAM itself has no Region). The
  older SigV2 password worked everywhere and should be deleted and replaced.

  @SES-SMTP-001 @severity:high
  Scenario: An SMTP password is used only in the Region it was derived for
    Every resource the password flows into (a secret, a Lambda environment, a module bound to
    another Region) must be in the Region of the key's provider configuration.
    Given resources that read the "ses_smtp_password_v4" of "aws_iam_access_key"
    Then it is in the Region of the provider configuration of what it reads

  @SES-SMTP-002 @severity:medium
  Scenario: The legacy SigV2 SMTP password is not used
    Given resources of type "aws_iam_access_key"
    Then nothing reads its "ses_smtp_password"
