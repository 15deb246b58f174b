"""README tables generated from the code (the roles matrix, the order file's columns): a command
prints one, or writes it between its markers, and a test keeps README.md equal to the code."""

import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def marked_block(marker: str) -> re.Pattern:
    return re.compile(rf"(<!-- {marker}:start[^\n]*-->\n).*?(\n<!-- {marker}:end -->)", re.S)


class ReadmeTableCommand(BaseCommand):
    """Print `table()` as Markdown, or write it into README.md's `marker` block (--write)."""

    marker = ""
    what = ""
    table: Callable[[], str]

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update the table in README.md.")

    def handle(self, *args, write=False, **options):
        table = type(self).table()
        if not write:
            self.stdout.write(table)
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        updated, count = marked_block(self.marker).subn(
            lambda match: match.group(1) + table + match.group(2), readme.read_text()
        )
        if count != 1:
            self.stderr.write(
                f"README.md has no <!-- {self.marker}:start --> … <!-- {self.marker}:end --> block."
            )
            return
        readme.write_text(updated)
        self.stdout.write(f"README.md: the {self.what} table is up to date.")
