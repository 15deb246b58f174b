from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

from returns.common import roles
from returns.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo data (merchants, customers, orders, one user per role). Idempotent."

    def handle(self, *args, **options):
        logins = {}
        # Each app extends the demo in its own `demo` module, upstream apps first, so the
        # returns app needs no import of the apps that build on it.
        for app_label in roles.PRODUCT_APPS:
            if find_spec(f"{app_label}.demo") is None:
                continue
            logins.update(import_module(f"{app_label}.demo").seed(log=self.stdout.write) or {})
        self.stdout.write(self.style.SUCCESS("Demo data is loaded. Log in at /admin/ as:"))
        for username, role in logins.items():
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD:<14} ({role})")
