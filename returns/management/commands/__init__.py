"""The returns app's management commands."""
