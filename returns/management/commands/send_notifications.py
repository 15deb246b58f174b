from django.core.management.base import BaseCommand

from returns.notifications.outbox import notifications_sweep


class Command(BaseCommand):
    help = (
        "Enqueue again the customer e-mails still pending whose task was lost (a scheduler runs "
        "it every few minutes). Idempotent: a sent e-mail is never sent twice."
    )

    def handle(self, *args, **options):
        count = notifications_sweep()
        self.stdout.write(f"{count} pending notifications enqueued.")
