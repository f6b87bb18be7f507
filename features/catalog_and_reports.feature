Feature: The rule catalog is discoverable and reports feed other tools

  Scenario: sespolicy rules lists every rule of the catalog
    When I run "sespolicy rules"
    Then the exit code is 0
    And the output lists every rule id of the policy catalog

  Scenario: sespolicy steps lists the step vocabulary the catalog is written in
    When I run "sespolicy steps"
    Then the exit code is 0
    And the output lists a described step for every step text of the policy catalog

  Scenario: A SARIF report names the failing rule and resource
    Given the plan "auth_violating"
    When I run "sespolicy eval --format sarif"
    Then the exit code is 1
    And the SARIF report has a result of SES-AUTH-001 for "aws_ses_identity_policy.eu_partner"

  Scenario: --output writes a second report to a file
    Given the plan "auth_violating"
    When I run "sespolicy eval --output json=report.json"
    Then the exit code is 1
    And the file "report.json" is a JSON report where SES-AUTH-001 fails for "aws_ses_identity_policy.eu_partner"
