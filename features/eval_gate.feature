Feature: sespolicy eval is a CI gate for SES regional rules
  A user pipes `terraform show -json tfplan` into `sespolicy eval` (or gives the path). The exit
  code decides the pipeline: 0 nothing fails at or above --fail-on, 1 something does, 2 the
  input or the command line is wrong.

  Scenario: A plan that keeps receiving in each Region passes the gate
    Given the plan "recv_clean_two_regions" on stdin
    When I run "sespolicy eval --format json"
    Then the exit code is 0
    And no rule fails

  Scenario: A cross-Region SNS topic on a receipt rule fails the gate
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --format json"
    Then the exit code is 1
    And SES-RECV-001 fails for "aws_ses_receipt_rule.notify"
    And SES-RECV-002 fails for "aws_ses_receipt_rule.encrypted"
    And SES-RECV-006 fails for "aws_ses_receipt_rule.reject_noreply"
    And SES-RECV-010 fails for "aws_ses_receipt_rule.archive"
    And only SES-RECV rules fail

  Scenario: Identity policies attached in the wrong Region fail the gate
    Given the plan "auth_violating" on stdin
    When I run "sespolicy eval --format json"
    Then the exit code is 1
    And SES-AUTH-001 fails for "aws_ses_identity_policy.eu_partner"
    And SES-AUTH-003 fails for "aws_sesv2_email_identity_policy.billing_partner"

  Scenario: --fail-on critical lets high-severity failures through
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --format json --fail-on critical"
    Then the exit code is 0
    And SES-RECV-001 fails for "aws_ses_receipt_rule.notify"

  Scenario: An unresolvable Region is unknown, which passes unless --strict
    Given the plan "region_no_provider_region"
    When I run "sespolicy eval --format json"
    Then the exit code is 0
    And SES-REGION-001 is unknown for "aws_ses_domain_identity.main"

  Scenario: --strict counts unknown verdicts as failures
    Given the plan "region_no_provider_region"
    When I run "sespolicy eval --format json --strict"
    Then the exit code is 1
    And SES-REGION-001 is unknown for "aws_ses_domain_identity.main"

  Scenario: --rule runs only the named rule
    Given the plan "auth_violating"
    When I run "sespolicy eval --format json --rule SES-AUTH-002"
    Then the exit code is 1
    And the report covers exactly the rule SES-AUTH-002

  Scenario: --skip-rule leaves the named rules out
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --format json --skip-rule SES-RECV-001 --skip-rule SES-RECV-002 --skip-rule SES-RECV-006 --skip-rule SES-RECV-010"
    Then the exit code is 0
    And no finding is for SES-RECV-001
    And no rule fails
