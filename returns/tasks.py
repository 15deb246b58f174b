"""Background work of the returns desk (django-tasks)."""

import logging
from datetime import timedelta
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from returns.choices import NotificationState
from returns.models import Notification
from returns.notifications.rendering import mask_store_credit_codes

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# Waits before the 2nd, 3rd and 4th attempt: a mail server that is down for minutes, not days.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=10), timedelta(hours=1))


def _message(notification: Notification) -> EmailMultiAlternatives:
    merchant = notification.merchant
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=formataddr((merchant.name, settings.DEFAULT_FROM_EMAIL)),
        to=[notification.recipient],
        reply_to=[merchant.support_email] if merchant.support_email else None,
        headers={"Content-Language": notification.language},
    )
    message.attach_alternative(notification.body_html, "text/html")
    return message


@task()
def send_notification(notification_id: int) -> str:
    """Send one outbox row; a failure is recorded and retried later, up to MAX_ATTEMPTS.

    The row stays locked while the mail goes out, so a second worker given the same row (a
    sweep, a retry) waits and then finds it sent: one event, one e-mail.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("merchant")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.state != NotificationState.PENDING:
            return "skipped"
        notification.attempts += 1
        try:
            _message(notification).send()
        # Whatever the mail backend raises (SMTP, a provider's API, the network) is recorded
        # on the row and retried; a lost error would leave the customer untold.
        except Exception as error:
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.state = NotificationState.FAILED
                notification.next_attempt_at = None
                notification._change_reason = "sending failed, no retry left"
                notification.save()
                logger.error("Notification %s failed for good: %s", notification.pk, error)
                return "failed"
            delay = RETRY_DELAYS[min(notification.attempts, len(RETRY_DELAYS)) - 1]
            notification.next_attempt_at = timezone.now() + delay
            notification._change_reason = "sending failed, retry scheduled"
            notification.save()
            transaction.on_commit(lambda: _enqueue_retry(notification.pk, delay))
            return "retry"
        notification.state = NotificationState.SENT
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        notification.last_error = ""
        # The code was the customer's to read once; the outbox keeps its last four only.
        notification.body_text = mask_store_credit_codes(notification.body_text)
        notification.body_html = mask_store_credit_codes(notification.body_html)
        notification._change_reason = "sent"
        notification.save()
        return "sent"


def _enqueue_retry(notification_id: int, delay: timedelta) -> None:
    backend = send_notification.get_backend()
    if backend.supports_defer:
        send_notification.using(run_after=timezone.now() + delay).enqueue(notification_id)
    else:
        # The immediate backend (tests) runs at once; the attempts still count to the limit.
        transaction.on_commit(lambda: send_notification.enqueue(notification_id))
