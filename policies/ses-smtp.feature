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
    Then every target's provider configuration is in its Region
    And a failure reads "{address} is in {region} but reads the SMTP password of {target}, derived for {target_region} ({provider_source}): it will not authenticate in {region}"
    And the fix reads "Create an aws_iam_access_key with a provider whose region is {region} for {address}; SMTP passwords work only in the Region they were derived for."

  @SES-SMTP-002 @severity:medium
  Scenario: The legacy SigV2 SMTP password is not used
    Given resources of type "aws_iam_access_key"
    Then nothing reads its "ses_smtp_password"
    And a failure reads "the legacy SigV2 ses_smtp_password of {address} is used by {readers}"
    And the fix reads "Stop using ses_smtp_password; derive a per-Region ses_smtp_password_v4 instead."
