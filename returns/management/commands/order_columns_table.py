"""Print the order file's columns as the README's Markdown table, or write it there (--write)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from returns.exports.columns import columns_markdown

MARKED = re.compile(r"(<!-- order-columns:start[^\n]*-->\n).*?(\n<!-- order-columns:end -->)", re.S)


class Command(BaseCommand):
    help = "Print the order file's columns as Markdown, or write them into README.md (--write)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update the table in README.md.")

    def handle(self, *args, write=False, **options):
        table = columns_markdown()
        if not write:
            self.stdout.write(table)
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        text = readme.read_text()
        updated, count = MARKED.subn(lambda m: m.group(1) + table + m.group(2), text)
        if count != 1:
            self.stderr.write(
                "README.md has no <!-- order-columns:start --> … <!-- order-columns:end --> block."
            )
            return
        readme.write_text(updated)
        self.stdout.write("README.md: the order columns table is up to date.")
