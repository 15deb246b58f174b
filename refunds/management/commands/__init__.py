"""The refunds app's management commands."""
