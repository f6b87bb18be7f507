@SES-DKIM
Feature: SES-DKIM — Easy DKIM is set up in every Region
  Easy DKIM must be set up in every Region a domain is used in; each Region yields its own
  tokens, and all of those CNAME records must be published in DNS.

  @SES-DKIM-001 @severity:high
  Scenario: A domain using Easy DKIM has DKIM in every Region it is declared in
    Given resources of type "aws_ses_domain_identity"
    When its identity has "aws_ses_domain_dkim" in some Region
    Then its Region has "aws_ses_domain_dkim" for its identity

  @SES-DKIM-002 @severity:medium
  Scenario: Where the plan manages the DNS zone, each Region's DKIM tokens are published
    Given resources of type "aws_ses_domain_dkim"
    When the plan manages the DNS zone of its identity
    Then a DNS record publishes its DKIM tokens
