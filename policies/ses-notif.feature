@SES-NOTIF
Feature: SES-NOTIF — feedback notifications are set up in the Region that sends
  Feedback-notification settings of a verified identity apply only in the Region where they are
  set, and the SNS topic that receives bounces, complaints and deliveries must be in the same
  Region as SES. Configuration-set event destinations follow the same co-location.

  @SES-NOTIF-001 @severity:high
  Scenario: A notification topic binding is in a Region where its identity is declared
    Given resources of type "aws_ses_identity_notification_topic"
    When I collect the "aws_ses_domain_identity, aws_ses_email_identity, aws_sesv2_email_identity" with the same identity
    Then some target is in its Region
    And a failure reads "{address} sets notifications for {identity} in {region}, but {identity} is declared only in {target_regions}: notification settings apply only in the Region they are set in"

  @SES-NOTIF-002 @severity:high
  Scenario: The SNS topic of an identity notification is in the same Region
    Given resources of type "aws_ses_identity_notification_topic"
    When I follow "topic_arn" to "aws_sns_topic"
    Then every target is in its Region
    And a failure reads "{address} is in {region} but {elsewhere}: SES publishes feedback only to topics in its own Region"

  @SES-NOTIF-003 @severity:medium
  Scenario: Feedback forwarding settings (v2) are in a Region where the identity is declared
    Given resources of type "aws_sesv2_email_identity_feedback_attributes"
    When I collect the "aws_ses_domain_identity, aws_ses_email_identity, aws_sesv2_email_identity" with the same identity
    Then some target is in its Region
    And a failure reads "{address} sets feedback forwarding for {identity} in {region}, but {identity} is declared only in {target_regions}"

  @SES-NOTIF-004 @severity:high
  Scenario: Event destinations (v1) are co-located with their targets
    SNS topics and Kinesis Firehose streams that receive sending events must be in the Region of
    the configuration set.
    Given resources of type "aws_ses_event_destination"
    When I follow "sns_destination[*].topic_arn, kinesis_destination[*].stream_arn" to "*"
    Then every target is in its Region

  @SES-NOTIF-005 @severity:high
  Scenario: Event destinations (v2) are co-located with their targets
    SNS, Firehose, EventBridge and Pinpoint destinations of an SESv2 configuration set are in
    its Region.
    Given resources of type "aws_sesv2_configuration_set_event_destination"
    When I follow "event_destination[*].sns_destination[*].topic_arn, event_destination[*].kinesis_firehose_destination[*].delivery_stream_arn, event_destination[*].event_bridge_destination[*].event_bus_arn, event_destination[*].pinpoint_destination[*].application_arn" to "*"
    Then every target is in its Region

  @SES-NOTIF-006 @severity:info
  Scenario: An identity declared in several Regions is notified in each of them
    Notification settings do not carry across Regions: an identity that sends from two Regions
    but is notified in one loses bounces and complaints from the other.
    Given resources of type "aws_ses_domain_identity, aws_ses_email_identity"
    When I collect the other "aws_ses_domain_identity, aws_ses_email_identity" with the same identity in another Region
    And it has a target
    And I collect the "aws_ses_identity_notification_topic" with the same identity
    And it has a target
    Then some target is in its Region
    And a failure reads "{identity} is declared in {region} but has notification topics only in {target_regions}: bounces and complaints from {region} are lost"
    And the fix reads "Add aws_ses_identity_notification_topic for {identity} in {region}."

  @SES-NOTIF-007 @severity:high
  Scenario: An event destination belongs to a configuration set in its Region
    Configuration sets and their event destinations are per Region; a destination attached to a
    set of another Region is never used.
    Given resources of type "aws_ses_event_destination, aws_sesv2_configuration_set_event_destination"
    When I follow "configuration_set_name" to "aws_ses_configuration_set, aws_sesv2_configuration_set"
    Then some target is in its Region
