@SES-REGION
Feature: SES-REGION — SES only where it is offered
  Amazon SES is offered in a fixed set of Regions, and email receiving in a smaller set. The
  inbound SMTP endpoints inbound-smtp.<region>.amazonaws.com are for MX records only, and the
  Region an MX record points at must accept that domain's mail with an active rule set. (An MX
  record of a MAIL FROM domain is judged by SES-MAILFROM instead.)

  @SES-REGION-001 @severity:critical
  Scenario: SES resources are in Regions that offer SES
    Given resources of type "aws_ses_*, aws_sesv2_*"
    Then its Region offers SES sending

  @SES-REGION-002 @severity:high
  Scenario: Receiving resources are in Regions that offer email receiving
    Regions outside the confirmed receiving list are reported unknown, not failed.
    Given resources of type "aws_ses_receipt_rule, aws_ses_receipt_rule_set, aws_ses_active_receipt_rule_set, aws_ses_receipt_filter"
    Then its Region offers SES receiving

  @SES-REGION-003 @severity:high
  Scenario: An inbound MX record points at a Region that offers receiving
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And it is not the MX record of a MAIL FROM domain
    And its records point at an inbound SMTP endpoint
    Then the Region its records point at offers SES receiving

  @SES-REGION-004 @severity:high
  Scenario: The Region an inbound MX record points at accepts the domain's mail
    An active rule set for some other domain there does not count.
    Given resources of type "aws_route53_record"
    When its "type" is "MX"
    And it is not the MX record of a MAIL FROM domain
    And its records point at an inbound SMTP endpoint
    Then the Region its records point at has an active rule set accepting its domain
