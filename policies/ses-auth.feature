@SES-AUTH
Feature: SES-AUTH — sending authorization lives with the identity
  Delegate senders can send only from the Region in which the identity owner verified the
  identity, so the sending authorization policy must be attached to the identity in that
  Region, and every SES ARN in the policy must name that Region.

  @SES-AUTH-001 @severity:high
  Scenario: An identity policy is attached in a Region where its identity is declared
    Given resources of type "aws_ses_identity_policy, aws_sesv2_email_identity_policy"
    Then its identity is declared in its Region

  @SES-AUTH-002 @severity:high
  Scenario: SES ARNs in an identity policy (v1) name the policy's Region
    Given resources of type "aws_ses_identity_policy"
    Then every "ses" ARN in its "policy" names its Region

  @SES-AUTH-003 @severity:high
  Scenario: SES ARNs in an identity policy (v2) name the policy's Region
    Given resources of type "aws_sesv2_email_identity_policy"
    Then every "ses" ARN in its "policy" names its Region
