Feature: A typo is an error, never a green run
  A CI gate that runs zero rules, judges a Region that does not exist or loses its report
  because of a mistyped option passes by accident. Each such mistake is exit 2 and one line
  naming what was meant; nothing is written.

  Scenario: A rule id the catalog lacks names the closest ids
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --rule SES-RECV-999"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --rule SES-RECV-999"
    And stderr mentions "closest: SES-RECV-009"
    And stdout is empty

  Scenario: Rule ids match whatever their case
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --format json --rule ses-recv-001"
    Then the exit code is 1
    And the report covers exactly the rule SES-RECV-001

  Scenario: A misspelt tag names the closest tag
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --tags @severity:hgh"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --tags @severity:hgh"
    And stderr mentions "@severity:high"

  Scenario: A tag expression that does not parse is explained, not a crash
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --tags '@a (@b)'"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --tags"
    And stderr mentions "expected `and` or `or`"

  Scenario: A --skip-rule the catalog lacks is refused
    Given the plan "recv_cross_region_targets"
    When I run "sespolicy eval --skip-rule SES-FOO"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --skip-rule SES-FOO"

  Scenario: A Region typo names the closest Region
    Given the plan "region_no_provider_region"
    When I run "sespolicy eval --region eu-wset-1"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --region 'eu-wset-1' is not an AWS Region"
    And stderr mentions "did you mean eu-west-1"

  Scenario: A report that cannot be written is refused before anything is written
    Given the plan "auth_violating"
    When I run "sespolicy eval --output json=report.json --output sarif=missing/results.sarif"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error: --output sarif=missing/results.sarif"
    And stdout is empty
    And no file "report.json" was written

  Scenario: A mistyped option names the closest option
    Given the plan "auth_violating"
    When I run "sespolicy eval --fial-on high"
    Then the exit code is 2
    And stderr mentions "did you mean --fail-on?"

  Scenario: No arguments is a short usage
    When I run "sespolicy"
    Then the exit code is 2
    And stderr mentions "usage: sespolicy"
    And stdout is empty

  Scenario: Labelled inputs name the input of every finding
    Given the plan "recv_clean_two_regions" labelled "staging"
    And the plan "recv_cross_region_targets" labelled "prod"
    When I run "sespolicy eval --format json"
    Then the exit code is 1
    And every finding belongs to the input "prod"
