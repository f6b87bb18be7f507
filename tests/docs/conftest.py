"""Policy folders for the docs tests, each named for what it shows."""

from __future__ import annotations

from pathlib import Path

import pytest

# Every kind of text a renderer must not let through as markup: HTML tags, table pipes,
# emphasis, backticks, line-start list markers; and an Outline with two Examples rows.
MARKUP_IN_EVERY_FIELD = '''\
@ACME-MAIL
Feature: ACME-MAIL — <script>alert("feature")</script> & *stars* | pipes
  Feature text with <b>tags</b> & ampersands | pipes and _underscores_.
  - a line that looks like a list item
  1. and one like a numbered item

  @ACME-MAIL-1 @severity:low
  Scenario: Topics named <evil> | are in "its" Region
    Description with `backticks` and <img src=x onerror=alert(1)>.
    Given resources of type "aws_ses_receipt_rule"
    When I follow "sns_action[*].topic_arn" to "aws_sns_topic"
    Then every target is in its Region

  @ACME-MAIL-2 @severity:critical
  Scenario Outline: Identities of kind <kind> are where SES is offered
    Given resources of type "<kind>"
    Then its Region offers "SES sending"

    Examples:
      | kind                     |
      | aws_ses_domain_identity  |
      | aws_sesv2_email_identity |
'''

UNKNOWN_STEP = '''\
Feature: A policy with a step no definition matches

  @ACME-BAD-1
  Scenario: Nobody knows this step
    Given resources of type "aws_sns_topic"
    Then the moon is in its Region
'''


@pytest.fixture
def markup_policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "markup-policies"
    folder.mkdir()
    (folder / "acme-mail.feature").write_text(MARKUP_IN_EVERY_FIELD, encoding="utf-8")
    return folder


@pytest.fixture
def unknown_step_policy_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "unknown-step-policies"
    folder.mkdir()
    (folder / "bad.feature").write_text(UNKNOWN_STEP, encoding="utf-8")
    return folder
