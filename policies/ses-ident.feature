@SES-IDENT
Feature: SES-IDENT — identity settings are made where the identity is declared
  Verification of email addresses and domains is per Region: a domain verified in us-west-2
  cannot be used in us-east-1 until it is verified there too. Every resource that configures an
  identity (DKIM, MAIL FROM, verification, policies, configuration-set bindings) must be in a
  Region where that identity is declared.

  @SES-IDENT-001 @severity:high
  Scenario: DKIM, MAIL FROM and verification (v1) are set in a Region declaring the identity
    Given resources of type "aws_ses_domain_dkim, aws_ses_domain_mail_from, aws_ses_domain_identity_verification"
    Then its identity is declared in its Region

  @SES-IDENT-002 @severity:high
  Scenario: SESv2 MAIL FROM attributes are set in a Region declaring the identity
    Given resources of type "aws_sesv2_email_identity_mail_from_attributes"
    Then its identity is declared in its Region

  @SES-IDENT-003 @severity:high
  Scenario: An identity's default configuration set is in the identity's Region
    Given resources of type "aws_sesv2_email_identity"
    When I follow "configuration_set_name" to "aws_sesv2_configuration_set, aws_ses_configuration_set"
    Then some target is in its Region

  @SES-IDENT-004 @severity:high
  Scenario: An event destination belongs to a configuration set in its Region
    Given resources of type "aws_ses_event_destination, aws_sesv2_configuration_set_event_destination"
    When I follow "configuration_set_name" to "aws_ses_configuration_set, aws_sesv2_configuration_set"
    Then some target is in its Region
