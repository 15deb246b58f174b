"""The billing app's management commands."""
