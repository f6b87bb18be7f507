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
    And I collect the "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes" whose MAIL FROM domain is its DNS name
    And it has a target
    Then every host in its "records" is the "feedback" endpoint of a target's Region
    And a failure reads "the MX record of MAIL FROM domain {dns_name} points at {bad_hosts}, not at feedback-smtp.<region>.amazonses.com of a Region where it is configured ({target_regions}); an inbound-smtp host receives mail and does not take bounces"

  @SES-MAILFROM-002 @severity:high
  Scenario: A MAIL FROM domain has exactly one MX record
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And I collect the "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes" whose MAIL FROM domain is its DNS name
    And it has a target
    And I collect the other "aws_route53_record" with the same DNS name
    And I keep the targets whose "type" is "MX"
    Then it has no target
    And a failure reads "MAIL FROM domain {dns_name} has other MX records ({targets}); it needs exactly one or its setup fails"
    And the fix reads "Keep one MX record for {dns_name} with a single feedback-smtp value."
    And its "records" has at most 1 value
    And a failure reads "MAIL FROM domain {dns_name} has {values_count} MX values; it needs exactly one or its setup fails"
    And the fix reads "Keep a single feedback-smtp value in {address}."

  @SES-MAILFROM-003 @severity:medium
  Scenario: A MAIL FROM domain whose DNS the plan manages has an SPF record
    Given resources of type "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes"
    When I collect the "aws_route53_record" whose DNS name is its MAIL FROM domain
    And it has a target
    And I keep the targets whose "type" is "TXT"
    Then it has a target
    And a failure reads "no TXT record with "include:amazonses.com" for MAIL FROM domain {mail_from_domain}"
    And the fix reads "Add aws_route53_record {{ name = "{mail_from_domain}", type = "TXT", records = ["v=spf1 include:amazonses.com ~all"] }}."
    And some target's "records" contains "include:amazonses.com"
    And a failure reads "no TXT record with "include:amazonses.com" for MAIL FROM domain {mail_from_domain}"
    And the fix reads "Add "v=spf1 include:amazonses.com ~all" to {targets}."
