"""Management commands: the jobs a scheduler or a person runs."""
