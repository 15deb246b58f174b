"""Print the order file's columns as the README's Markdown table, or write it there (--write)."""

from returns.common.readme import ReadmeTableCommand
from returns.exports.columns import columns_markdown


class Command(ReadmeTableCommand):
    help = "Print the order file's columns as Markdown, or write them into README.md (--write)."
    marker = "order-columns"
    what = "order columns"
    table = columns_markdown
