Feature: Input a user can fix is reported on one line, never as a traceback
  Exit code 2 and a single `sespolicy: error: …` line that says what to do instead.

  Scenario: Nothing on stdin
    Given nothing on stdin
    When I run "sespolicy eval"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error:"
    And stdout is empty

  Scenario: Text that is not JSON
    Given the text "this is not a plan" on stdin
    When I run "sespolicy eval"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error:"
    And stderr mentions "terraform show -json"

  Scenario: The binary plan file instead of its JSON
    Given the binary plan file "tfplan" of the plan "recv_clean_two_regions"
    When I run "sespolicy eval"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error:"
    And stderr mentions "terraform show -json"

  Scenario: A user policy with a misspelt step names the file, the line and the closest steps
    Given the plan "recv_clean_two_regions"
    And a policy folder "team" with the policy:
      """
      Feature: Team rules
        @SES-TEAM-001 @severity:high
        Scenario: Topics are where we expect them
          Given resources of typ "aws_sns_topic"
          Then every target is in its Region
      """
    When I run "sespolicy eval --policies team"
    Then the exit code is 2
    And stderr is one line starting with "sespolicy: error:"
    And stderr mentions "team.feature:4"
    And stderr mentions "closest known steps"
    And stderr mentions "resources of type"
