from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

from returns.common import roles
from returns.demo import DEMO_PASSWORD
from returns.demo.accounts import logins as demo_logins


class Command(BaseCommand):
    help = "Load the demo data (merchants, customers, orders, one user per role). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Print the demo's logins only; load nothing.",
        )
        parser.add_argument(
            "--url",
            default="",
            help="With --logins: the address the server answers at, printed with its admin.",
        )

    def handle(self, *args, logins=False, url="", **options):
        if logins:
            self.print_logins(demo_logins(), url=url)
            return
        loaded = {}
        # Each app extends the demo in its own `demo` module, upstream apps first, so the
        # returns app needs no import of the apps that build on it.
        for app_label in roles.PRODUCT_APPS:
            if find_spec(f"{app_label}.demo") is None:
                continue
            loaded.update(import_module(f"{app_label}.demo").seed(log=self.stdout.write) or {})
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Log in at /admin/ as:"))
        self.write_logins(loaded)

    def print_logins(self, logins: dict[str, str], *, url: str = "") -> None:
        """The banner `make run` ends with: where the server answers, then who may log in."""
        if url:
            url = url.rstrip("/")
            self.stdout.write("")
            self.stdout.write(self.style.SUCCESS(f"The returns desk is running at {url}/"))
            self.stdout.write(f"  admin:    {url}/admin/")
        self.stdout.write(f"Demo logins (every password is {DEMO_PASSWORD}):")
        self.write_logins(logins)
        if url:
            self.stdout.write("Ctrl-C stops the server and the worker.")

    def write_logins(self, logins: dict[str, str]) -> None:
        for username, role in logins.items():
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD:<14} ({role})")
