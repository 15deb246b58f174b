"""Print the role permission matrix as the README's Markdown table, or write it there (--write)."""

from returns.common.readme import ReadmeTableCommand
from returns.common.roles import matrix_markdown


class Command(ReadmeTableCommand):
    help = "Print the role permission matrix as Markdown, or write it into README.md (--write)."
    marker = "roles"
    what = "roles"
    table = matrix_markdown
