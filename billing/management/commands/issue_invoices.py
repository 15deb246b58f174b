import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing.services import invoices_prepare_month
from returns.common.system import system_user

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Command(BaseCommand):
    help = (
        "Prepare each active merchant's draft invoice for --month (default: last month) from "
        "its contacts. Idempotent: a merchant with a live invoice for the month gets nothing "
        "new. Finance reviews and issues the drafts in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", help="The month to bill, YYYY-MM.")

    def handle(self, *args, month=None, **options):
        if month:
            match = MONTH.match(month)
            if not match or not 1 <= int(match.group(2)) <= 12:
                raise CommandError(f"--month {month!r} is not a month (YYYY-MM).")
            year, number = int(match.group(1)), int(match.group(2))
        else:
            first_of_this_month = timezone.localdate().replace(day=1)
            year, number = (
                (first_of_this_month.year, first_of_this_month.month - 1)
                if first_of_this_month.month > 1
                else (first_of_this_month.year - 1, 12)
            )
        result = invoices_prepare_month(year=year, month=number, actor=system_user())
        for invoice in result.created:
            self.stdout.write(
                f"{invoice.merchant}: draft with {invoice.contact_count} contacts, "
                f"{invoice.total} {invoice.currency}"
            )
        for invoice in result.existing:
            self.stdout.write(f"{invoice.merchant}: has {invoice} ({invoice.state}) already")
        for merchant, message in result.failed:
            self.stderr.write(f"{merchant}: {message}")
        if result.failed:
            raise CommandError(f"{len(result.failed)} merchants could not be billed.")
