"""Reports built straight from the findings records, each named for what it shows."""

from __future__ import annotations

import pytest

from sespolicy.findings import (
    Finding,
    PlanInfo,
    RelatedResource,
    Report,
    RuleInfo,
    Severity,
    SourceLocation,
    Status,
)
from sespolicy.reporters import ReportOptions

RECV_GHERKIN = """\
@SES-RECV-001 @severity:high
Scenario: Receipt rule actions use resources in the rule's Region
  Given every aws_ses_receipt_rule
  When I follow its action targets to SNS topics, Lambda functions and KMS keys
  Then each target is in the same Region as the receipt rule
"""

NOTIF_GHERKIN = """\
@SES-NOTIF-001 @severity:medium
Scenario: Feedback notification topics live in the identity's Region
  Given every aws_ses_identity_notification_topic
  When I follow topic_arn to its SNS topic
  Then the topic is in the same Region as the notification binding
"""

RECEIPT_RULE = RuleInfo(
    rule_id="SES-RECV-001",
    family="SES-RECV",
    severity=Severity.HIGH,
    title="Receipt rule actions target resources in the rule's Region",
    description=(
        "When receiving email, every SNS topic, Lambda function and KMS key a receipt rule "
        "uses must be in the same Region as the SES receiving endpoint."
    ),
    policy="policies/receiving.feature:4",
    gherkin=RECV_GHERKIN,
    tags=("receiving",),
)
NOTIFICATION_RULE = RuleInfo(
    rule_id="SES-NOTIF-001",
    family="SES-NOTIF",
    severity=Severity.MEDIUM,
    title="Notification topics are in the identity's Region",
    description="Feedback forwarding only works to an SNS topic in the identity's Region.",
    policy="policies/notifications.feature:3",
    gherkin=NOTIF_GHERKIN,
)
DKIM_RULE = RuleInfo(
    rule_id="SES-DKIM-001",
    family="SES-DKIM",
    severity=Severity.HIGH,
    title="Easy DKIM is set up in every Region the domain is declared in",
    description="Each Region yields its own DKIM tokens; every Region needs DKIM set up.",
    policy="policies/dkim.feature:3",
)
SMTP_RULE = RuleInfo(
    rule_id="SES-SMTP-001",
    family="SES-SMTP",
    severity=Severity.MEDIUM,
    title="SMTP credentials are derived for the Region they are used in",
    description="SigV4 SMTP passwords are unique per Region.",
    policy="policies/smtp.feature:3",
)
S3_RULE = RuleInfo(
    rule_id="SES-RECV-003",
    family="SES-RECV",
    severity=Severity.LOW,
    title="Receipt rule S3 buckets are in the rule's Region",
    description="Current AWS text no longer requires this; kept at low severity.",
    policy="policies/receiving.feature:20",
)

CROSS_REGION_FAILURE = Finding(
    rule_id="SES-RECV-001",
    family="SES-RECV",
    severity=Severity.HIGH,
    status=Status.FAIL,
    address="aws_ses_receipt_rule.store",
    region="us-east-1",
    region_source='provider aws.east (region = "us-east-1")',
    message="SNS action targets aws_sns_topic.inbound in eu-west-1, not us-east-1",
    remediation="Create the SNS topic in us-east-1 or move the receipt rule to eu-west-1.",
    policy="policies/receiving.feature:4",
    related=(
        RelatedResource(
            address="aws_sns_topic.inbound",
            attribute="sns_action[0].topic_arn",
            region="eu-west-1",
        ),
    ),
    resource_type="aws_ses_receipt_rule",
    source=SourceLocation(file="infra/receiving.tf", line=12, end_line=30),
)
SAME_REGION_PASS = Finding(
    rule_id="SES-RECV-001",
    family="SES-RECV",
    severity=Severity.HIGH,
    status=Status.PASS,
    address="aws_ses_receipt_rule.forward",
    region="us-east-1",
    region_source='provider aws.east (region = "us-east-1")',
    message="Lambda action targets aws_lambda_function.forwarder in us-east-1",
    remediation="",
    policy="policies/receiving.feature:4",
    related=(
        RelatedResource(
            address="aws_lambda_function.forwarder",
            attribute="lambda_action[0].function_arn",
            region="us-east-1",
        ),
    ),
    resource_type="aws_ses_receipt_rule",
)
UNKNOWN_REGION = Finding(
    rule_id="SES-NOTIF-001",
    family="SES-NOTIF",
    severity=Severity.MEDIUM,
    status=Status.UNKNOWN,
    address='module.mail["bounces"].aws_ses_identity_notification_topic.bounce',
    region=None,
    region_source="unknown: provider region = var.region has no value in the plan",
    message="Region of the notification binding cannot be determined",
    remediation="Pass -var region=... to terraform plan, or run sespolicy with --region.",
    policy="policies/notifications.feature:3",
    related=(
        RelatedResource(
            address="aws_sns_topic.bounces",
            attribute="topic_arn",
            region="us-west-2",
        ),
    ),
    resource_type="aws_ses_identity_notification_topic",
)
WAIVED_FAILURE = Finding(
    rule_id="SES-DKIM-001",
    family="SES-DKIM",
    severity=Severity.HIGH,
    status=Status.FAIL,
    address="aws_ses_domain_identity.replica",
    region="eu-west-1",
    region_source='resource argument region = "eu-west-1"',
    message="Domain example.com uses Easy DKIM in us-east-1 but has no DKIM in eu-west-1",
    remediation="Add aws_ses_domain_dkim for example.com in eu-west-1.",
    policy="policies/dkim.feature:3",
    resource_type="aws_ses_domain_identity",
    waived_by="DKIM for the replica is managed by the DNS team (CHG-4211)",
)
S3_PASS = Finding(
    rule_id="SES-RECV-003",
    family="SES-RECV",
    severity=Severity.LOW,
    status=Status.PASS,
    address="aws_ses_receipt_rule.store",
    region="us-east-1",
    region_source='provider aws.east (region = "us-east-1")',
    message="S3 action bucket aws_s3_bucket.mail is in us-east-1",
    remediation="",
    policy="policies/receiving.feature:20",
    related=(
        RelatedResource(address="aws_s3_bucket.mail", attribute="bucket", region="us-east-1"),
    ),
    resource_type="aws_ses_receipt_rule",
)

PLAN = PlanInfo(
    source="plans/prod.tfplan.json",
    kind="plan",
    format_version="1.2",
    terraform_version="1.9.5",
    timestamp="2026-11-27T04:12:09Z",
    sha256="3f1c1c6ee0b9a7e6b0d1f3c9a4c2f8e1d5b7a9c3e2f4d6b8a0c1e3f5a7b9d1c3",
)


@pytest.fixture
def mixed_report() -> Report:
    """Every verdict at once: a cross-Region failure (with source), a pass, an unknown,
    a waived failure and a rule that selected nothing."""
    return Report(
        findings=(
            # Deliberately out of order: reporters must sort.
            WAIVED_FAILURE,
            S3_PASS,
            UNKNOWN_REGION,
            SAME_REGION_PASS,
            CROSS_REGION_FAILURE,
        ),
        rules=(SMTP_RULE, RECEIPT_RULE, NOTIFICATION_RULE, DKIM_RULE, S3_RULE),
        plans=(PLAN,),
        notes=("2 resources have no Region: IAM is global",),
    )


HOSTILE_ADDRESS = 'aws_ses_receipt_rule.store["<b>a,b:c</b> & %0A"]'


@pytest.fixture
def hostile_text_report() -> Report:
    """User data that breaks naive output: markup, commas, colons, percent and newlines."""
    finding = Finding(
        rule_id="SES-RECV-001",
        family="SES-RECV",
        severity=Severity.HIGH,
        status=Status.FAIL,
        address=HOSTILE_ADDRESS,
        region="us-east-1",
        region_source="provider aws.east",
        message='Topic "<script>alert(1)</script>" is 100% wrong,\r\nsee: docs',
        remediation="Move it & retry </failure> ]]>",
        policy="policies/receiving.feature:4",
        related=(
            RelatedResource(
                address='aws_sns_topic.t["</text><script>x</script>"]',
                attribute="sns_action[0].topic_arn",
                region="eu-west-1",
            ),
        ),
        source=SourceLocation(file="dir, with: odd%chars/main.tf", line=7),
    )
    return Report(findings=(finding,), rules=(RECEIPT_RULE,), plans=(PLAN,))


@pytest.fixture
def empty_report() -> Report:
    """A plan without SES resources: rules exist but nothing was selected."""
    return Report(findings=(), rules=(SMTP_RULE, RECEIPT_RULE), plans=(PLAN,))


@pytest.fixture
def options() -> ReportOptions:
    return ReportOptions(tool_version="9.8.7")


@pytest.fixture
def options_show_passed() -> ReportOptions:
    return ReportOptions(tool_version="9.8.7", show_passed=True)
