from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from refunds.exceptions import ListingError
from refunds.listings import listings_close_due
from returns.common.system import system_user


class Command(BaseCommand):
    help = (
        "Close each merchant's refund listing whose period ended on --date (default: each "
        "merchant's local yesterday): daily listings every day, weekly ones on Sundays. "
        "Idempotent; a scheduler runs it once a night."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The last day of the period to close, YYYY-MM-DD.")

    def handle(self, *args, date=None, **options):
        day = None
        if date:
            day = parse_date(date)
            if day is None:
                raise CommandError(f"--date {date!r} is not a date (YYYY-MM-DD).")
        try:
            listings = listings_close_due(actor=system_user(), day=day)
        except ListingError as error:
            raise CommandError(str(error.message)) from None
        for closed in listings:
            self.stdout.write(closed.message)
            for reference, why in closed.skipped:
                self.stdout.write(f"  {reference}: {why}")
