@SES-IDENT
Feature: SES-IDENT — identity settings are made where the identity is declared
  Verification of email addresses and domains is per Region: a domain verified in us-west-2
  cannot be used in us-east-1 until it is verified there too. Every resource that configures an
  identity (DKIM, MAIL FROM, verification, policies, configuration-set bindings) must be in a
  Region where that identity is declared.

  @SES-IDENT-001 @severity:high
  Scenario: Identity settings (v1) are made in a Region declaring the identity
    DKIM, MAIL FROM, verification, notification topics and sending authorization policies.
    Given resources of type "aws_ses_domain_dkim, aws_ses_domain_mail_from, aws_ses_domain_identity_verification, aws_ses_identity_notification_topic, aws_ses_identity_policy"
    When I collect the "aws_ses_domain_identity, aws_ses_email_identity, aws_sesv2_email_identity" with the same identity
    Then some target is in its Region
    And a failure reads "{address} configures {identity} in {region}, but {identity} is declared only in {target_regions}: identities are verified per Region"
    And the fix reads "Declare {identity} in {region} too, or put {address} in {target_regions} ({placement})."

  @SES-IDENT-002 @severity:high
  Scenario: Identity settings (v2) are made in a Region declaring the identity
    MAIL FROM attributes, feedback attributes and identity policies of SESv2.
    Given resources of type "aws_sesv2_email_identity_mail_from_attributes, aws_sesv2_email_identity_feedback_attributes, aws_sesv2_email_identity_policy"
    When I collect the "aws_ses_domain_identity, aws_ses_email_identity, aws_sesv2_email_identity" with the same identity
    Then some target is in its Region
    And a failure reads "{address} configures {identity} in {region}, but {identity} is declared only in {target_regions}: identities are verified per Region"
    And the fix reads "Declare {identity} in {region} too, or put {address} in {target_regions} ({placement})."

  @SES-IDENT-003 @severity:high
  Scenario: An identity's default configuration set is in the identity's Region
    Given resources of type "aws_sesv2_email_identity"
    When I follow "configuration_set_name" to "aws_sesv2_configuration_set, aws_ses_configuration_set"
    Then some target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: configuration sets are per Region, and one of another Region is never applied"
