@SES-RECV
Feature: SES-RECV — email receiving uses resources in the receiving Region
  When Amazon SES receives email, every resource a receipt rule uses (the SNS topics it
  notifies, the KMS key that encrypts stored mail, the Lambda function it invokes, the WorkMail
  organization it delivers to) must be in the same AWS Region as the SES endpoint that received
  the mail, and that Region must have exactly one active receipt rule set, the one that holds
  its rules. A resource in another Region makes the rule fail at delivery time, silently for
  the sender.

  @SES-RECV-001 @severity:high
  Scenario: The SNS topic of an SNS action is in the receipt rule's Region
    SES publishes received mail only to topics in its own Region.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "sns_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: SES publishes received mail only to topics in its own Region"

  @SES-RECV-002 @severity:high
  Scenario: The KMS key of an S3 action is in the receipt rule's Region
    SES encrypts stored mail only with a KMS key of its own Region.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "s3_action[*].kms_key_arn" to "aws_kms_key, aws_kms_alias"
    Then every target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: SES encrypts stored mail only with a KMS key of its own Region"

  @SES-RECV-003 @severity:high
  Scenario: The SNS topic of an S3 action is in the receipt rule's Region
    The notification sent after storing mail goes to a topic in the SES Region.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "s3_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @SES-RECV-004 @severity:high
  Scenario: The Lambda function of a Lambda action is in the receipt rule's Region
    SES invokes only functions of its own Region.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "lambda_action[*].function_arn" to "aws_lambda_function"
    Then every target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: SES invokes only Lambda functions of its own Region"

  @SES-RECV-005 @severity:high
  Scenario: The SNS topic of a Lambda action is in the receipt rule's Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "lambda_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @SES-RECV-006 @severity:high
  Scenario: The SNS topic of a bounce action is in the receipt rule's Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "bounce_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @SES-RECV-007 @severity:high
  Scenario: The SNS topic of a stop action is in the receipt rule's Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "stop_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @SES-RECV-008 @severity:high
  Scenario: The SNS topic of a WorkMail action is in the receipt rule's Region
    Given resources of type "aws_ses_receipt_rule"
    When I follow "workmail_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @SES-RECV-009 @severity:high
  Scenario: The WorkMail organization of a WorkMail action is in the receipt rule's Region
    The organization must be in the SES receiving Region, and WorkMail exists only in
    us-east-1, us-west-2 and eu-west-1.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "workmail_action[*].organization_arn" to "*"
    Then every target is in its Region
    And every target is in a Region that offers "WorkMail"

  @SES-RECV-010 @severity:medium
  Scenario: The S3 bucket of an S3 action is in the receipt rule's Region
    The SES guide this project implements lists S3 buckets among the resources that must share
    the SES Region. Current AWS documentation makes an exception for Amazon S3 buckets, so this
    rule has its own id and a lower severity: skip it with --skip-rule SES-RECV-010 if you follow
    the current documentation.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "s3_action[*].bucket_name" to "aws_s3_bucket"
    Then every target is in its Region

  @SES-RECV-011 @severity:high
  Scenario: The Lambda permission for SES sits with its function
    The permission that lets ses.amazonaws.com invoke a function is a resource policy of that
    function, in the function's Region.
    Given resources of type "aws_lambda_permission"
    When its "principal" is "ses.amazonaws.com"
    And I follow "function_name" to "aws_lambda_function"
    Then every target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: a function's permissions live in the function's Region"

  @SES-RECV-012 @severity:high
  Scenario: A receipt rule and its rule set share a Region
    A receipt rule names its rule set by name, and names resolve within one Region.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "rule_set_name" to "aws_ses_receipt_rule_set"
    Then some target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: a receipt rule joins the rule set of that name in its own Region"

  @SES-RECV-013 @severity:critical
  Scenario: A Region has at most one active receipt rule set
    Only one receipt rule set can be active in a Region: when two configurations each activate
    one, whichever is applied last wins and the other's rules silently stop running.
    Given resources of type "aws_ses_active_receipt_rule_set"
    When I collect the other "aws_ses_active_receipt_rule_set" in its Region
    Then it has no target
    And a failure reads "{count} other active receipt rule set(s) in {region} besides {address} ({targets}); only one can be active, and the last one applied wins"
    And the fix reads "Keep a single aws_ses_active_receipt_rule_set in {region}, naming the rule set that holds the receipt rules of {region}."

  @SES-RECV-014 @severity:critical
  Scenario: A receipt rule's rule set is the active rule set of its Region
    With no active rule set in a Region, SES rejects all mail it receives there; the rules of a
    rule set that is not the active one never run.
    Given resources of type "aws_ses_receipt_rule"
    When I collect the "aws_ses_active_receipt_rule_set" in its Region
    Then it has a target
    And a failure reads "no active receipt rule set in {region}: SES rejects all mail received there, and {address} never runs"
    And the fix reads "Add an aws_ses_active_receipt_rule_set in {region} naming rule set {rule_set}."
    And some target has the same rule set
    And a failure reads "{address} belongs to rule set {own_key}, but the active rule set in {region} is {target_keys}: the rule never runs"
    And the fix reads "Activate rule set {own_key} in {region}, or move {address} into {target_keys}."
