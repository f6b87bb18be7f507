"""sespolicy: Amazon SES regional rules for Terraform plans, written in Gherkin."""

__version__ = "0.1.0"
