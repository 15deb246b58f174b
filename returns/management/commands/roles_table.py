import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from returns.common.roles import matrix_markdown

MARKED = re.compile(r"(<!-- roles:start[^\n]*-->\n).*?(\n<!-- roles:end -->)", re.S)


class Command(BaseCommand):
    help = "Print the role permission matrix as Markdown, or write it into README.md (--write)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Update the table in README.md.")

    def handle(self, *args, write=False, **options):
        table = matrix_markdown()
        if not write:
            self.stdout.write(table)
            return
        readme = Path(settings.BASE_DIR) / "README.md"
        text = readme.read_text()
        updated, count = MARKED.subn(lambda m: m.group(1) + table + m.group(2), text)
        if count != 1:
            self.stderr.write("README.md has no <!-- roles:start --> … <!-- roles:end --> block.")
            return
        readme.write_text(updated)
        self.stdout.write("README.md: the roles table is up to date.")
