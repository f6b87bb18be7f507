@SES-AUTH
Feature: SES-AUTH — sending authorization lives with the identity
  Delegate senders can send only from the Region in which the identity owner verified the
  identity, so the sending authorization policy must be attached to the identity in that
  Region, and every SES ARN in the policy must name that Region.

  @SES-AUTH-001 @severity:high
  Scenario: An identity policy is attached in a Region where its identity is declared
    Given resources of type "aws_ses_identity_policy, aws_sesv2_email_identity_policy"
    When I collect the "aws_ses_domain_identity, aws_ses_email_identity, aws_sesv2_email_identity" with the same identity
    Then some target is in its Region
    And a failure reads "{address} authorizes sending for {identity} in {region}, but {identity} is declared only in {target_regions}: delegates can send only where the owner verified the identity"
    And the fix reads "Attach the policy to {identity} in {target_regions} ({placement}), or declare {identity} in {region} too."

  @SES-AUTH-002 @severity:high
  Scenario: SES ARNs in an identity policy (v1) name the policy's Region
    Given resources of type "aws_ses_identity_policy"
    Then every "ses" ARN in its "policy" names its Region
    And a failure reads "{address} is in {region} but its policy names {wrong_arns}: a sending authorization covers only the identity of its own Region"

  @SES-AUTH-003 @severity:high
  Scenario: SES ARNs in an identity policy (v2) name the policy's Region
    Given resources of type "aws_sesv2_email_identity_policy"
    Then every "ses" ARN in its "policy" names its Region
    And a failure reads "{address} is in {region} but its policy names {wrong_arns}: a sending authorization covers only the identity of its own Region"
