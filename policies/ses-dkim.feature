@SES-DKIM
Feature: SES-DKIM — Easy DKIM is set up in every Region
  Easy DKIM must be set up in every Region a domain is used in; each Region yields its own
  tokens, and all of those CNAME records must be published in DNS.

  @SES-DKIM-001 @severity:high
  Scenario: A domain using Easy DKIM has DKIM in every Region it is declared in
    Given resources of type "aws_ses_domain_identity"
    When I collect the "aws_ses_domain_dkim" with the same identity
    And it has a target
    Then some target is in its Region
    And a failure reads "{identity} is declared in {region} but has Easy DKIM only in {target_regions}: DKIM settings do not carry across Regions"
    And the fix reads "Add aws_ses_domain_dkim for {identity} in {region} and publish its tokens."

  @SES-DKIM-002 @severity:medium
  Scenario: Where the plan manages the DNS zone, each Region's DKIM tokens are published
    Given resources of type "aws_ses_domain_dkim"
    When I collect the "aws_route53_zone" whose DNS name contains its identity
    And it has a target
    And I collect the "aws_route53_record" that read its "dkim_tokens"
    Then it has a target
    And a failure reads "no DNS record publishes the DKIM tokens of {address} ({region}); each Region has its own tokens"
    And the fix reads "Add three CNAME records <token>._domainkey -> <token>.dkim.amazonses.com from {address}.dkim_tokens."
