@SES-SUPP
Feature: SES-SUPP — suppression settings per Region
  Each Region has its own account-level suppression list settings, but removing an address
  from one Region's list removes it from all. Settings that differ between Regions are reported
  for information.

  @SES-SUPP-001 @severity:info
  Scenario: Account suppression reasons are the same in every Region
    Given resources of type "aws_sesv2_account_suppression_attributes"
    When I collect the other "aws_sesv2_account_suppression_attributes"
    Then its "suppressed_reasons" is the same as every target's
    And the fix reads "Align suppressed_reasons across Regions (removals from the list apply to all Regions)."
