from django.core.management.base import BaseCommand

from returns.notifications.outbox import surveys_send_due


class Command(BaseCommand):
    help = (
        "Send the follow-up survey to customers whose case was decided SURVEY_DELAY_DAYS ago "
        "(a scheduler runs it daily). Idempotent: each case's customer is asked once."
    )

    def handle(self, *args, **options):
        count = surveys_send_due()
        self.stdout.write(f"{count} survey e-mails written to the outbox.")
