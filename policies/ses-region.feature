@SES-REGION
Feature: SES-REGION — SES only where it is offered
  Amazon SES is offered in a fixed set of Regions, and email receiving in a smaller set. The
  inbound SMTP endpoints inbound-smtp.<region>.amazonaws.com are for MX records only, and the
  Region an MX record points at must accept that domain's mail with an active rule set. (An MX
  record of a MAIL FROM domain is judged by SES-MAILFROM instead.)

  @SES-REGION-001 @severity:critical
  Scenario: SES resources are in Regions that offer SES
    Given resources of type "aws_ses_*, aws_sesv2_*"
    Then its Region offers "SES sending"

  @SES-REGION-002 @severity:high
  Scenario: Receiving resources are in Regions that offer email receiving
    Regions outside the confirmed receiving list are reported unknown, not failed.
    Given resources of type "aws_ses_receipt_rule, aws_ses_receipt_rule_set, aws_ses_active_receipt_rule_set, aws_ses_receipt_filter"
    Then its Region offers "SES receiving"

  @SES-REGION-003 @severity:high
  Scenario: An inbound MX record points at a Region that offers receiving
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And I collect the "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes" whose MAIL FROM domain is its DNS name
    And it has no target
    And its "records" points at an "inbound SMTP" endpoint
    Then every Region it points at offers "SES receiving"
    And a failure reads "MX record {dns_name} points at {host}, but {offered_region} does not offer SES receiving ({table}): mail sent to it is never received"

  @SES-REGION-004 @severity:high
  Scenario: The Region an inbound MX record points at accepts the domain's mail
    That Region's active rule set must hold an enabled receipt rule whose recipients cover the
    domain; an active rule set for some other domain there does not count.
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And I collect the "aws_ses_domain_mail_from, aws_sesv2_email_identity_mail_from_attributes" whose MAIL FROM domain is its DNS name
    And it has no target
    And its "records" points at an "inbound SMTP" endpoint
    And I collect the "aws_ses_receipt_rule" whose "recipients" accepts mail for its DNS name in the Regions it points at
    And I keep the targets that share their rule set with a "aws_ses_active_receipt_rule_set" in their Region
    And I keep the targets whose "enabled" is not "false"
    Then every Region it points at has a target
    And a failure reads "MX record {dns_name} points at {regions_without}, where no enabled rule of the active receipt rule set accepts mail for {dns_name}: SES rejects it"
    And the fix reads "Add a receipt rule for {dns_name} to the active rule set of {regions_without}, or activate one."
