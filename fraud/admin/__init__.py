"""The fraud app's admin: rules, blocklists and flags, checks and their review queue."""

from fraud.admin import checks, lists, rules  # noqa: F401  (each registers its admins)
