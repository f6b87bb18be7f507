@SES-MAILFROM
Feature: SES-MAILFROM — one MX record to a feedback endpoint of a configured Region
  One custom MAIL FROM domain can serve identities in several Regions with a single MX record,
  which points at one Region's feedback endpoint feedback-smtp.<region>.amazonses.com; SES
  forwards bounces to the sending Region. More than one MX record makes the setup fail, and an
  inbound-smtp host receives mail instead of taking bounces.

  @SES-MAILFROM-001 @severity:high
  Scenario: The MAIL FROM MX record points at a feedback endpoint of a Region configuring it
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And it is the MX record of a MAIL FROM domain
    Then it points at the feedback endpoint of a Region where its MAIL FROM domain is configured

  @SES-MAILFROM-002 @severity:high
  Scenario: A MAIL FROM domain has exactly one MX record
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And it is the MX record of a MAIL FROM domain
    Then it is the only MX record for its name

  @SES-MAILFROM-003 @severity:medium
  Scenario: A MAIL FROM domain whose DNS the plan manages has an SPF record
    Given resources of type "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes"
    When the plan manages DNS records for its MAIL FROM domain
    Then a TXT record containing "include:amazonses.com" exists for its MAIL FROM domain
