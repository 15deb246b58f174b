"""The outbox: each customer e-mail is a Notification row written in the event's transaction
and sent by a task once it commits.

A rolled-back change leaves no row and enqueues nothing (the task is enqueued on commit); a
committed row whose task got lost is picked up again by `manage.py send_notifications`.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import CaseStatus, NotificationKind, NotificationState
from returns.common.exceptions import ActionNotPermitted, DomainError
from returns.common.transitions import ensure_assigned, save_with_history
from returns.models import Notification, ReturnCase
from returns.notifications.rendering import case_context, choose_template, render_message
from returns.tasks import send_notification

logger = logging.getLogger(__name__)


class NotificationError(DomainError):
    default_message = gettext_lazy("The notification could not be handled.")


def notify(case: ReturnCase, kind: str, *, event_key: str = "", **extra) -> Notification | None:
    """Write the customer's e-mail for an event to the outbox, once per (case, kind, event),
    and send it after the surrounding transaction commits. None when already told, or when
    no template exists for the kind."""
    customer = case.customer
    if not customer.email:
        return None
    if Notification.objects.filter(case=case, kind=kind, event_key=event_key).exists():
        return None
    template = choose_template(case.merchant, kind)
    if template is None:
        logger.warning("No active notification template of kind %s for %s", kind, case.merchant)
        return None
    language = customer.preferred_language or case.merchant.default_language
    notification = Notification(
        merchant=case.merchant,
        case=case,
        customer=customer,
        kind=kind,
        event_key=event_key,
        recipient=customer.email,
        language=language,
    )
    try:
        message = render_message(
            template, case_context(case, language=language, **extra), language=language
        )
    except TemplateSyntaxError as error:
        # A broken template must not undo the case's change: the row shows staff what failed.
        notification.state = NotificationState.FAILED
        notification.last_error = f"Template error: {error}"
        notification.subject = str(template)[:255]
    else:
        notification.subject = message.subject
        notification.body_text = message.text
        notification.body_html = message.html
    notification._change_reason = _("written to the outbox")
    try:
        # A savepoint: a second writer of the same event (the unique constraint) is no error.
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None
    if notification.state == NotificationState.PENDING:
        enqueue_on_commit(notification.pk)
    return notification


def enqueue_on_commit(notification_id: int) -> None:
    transaction.on_commit(lambda: send_notification.enqueue(notification_id))


@transaction.atomic
def notification_retry(*, notification: Notification, actor) -> Notification:
    """Send a failed notification again from scratch; raises NotificationError unless it failed,
    ActionNotPermitted without the retry permission."""
    notification = (
        Notification.objects.select_for_update().select_related("merchant").get(pk=notification.pk)
    )
    ensure_assigned(actor, notification.merchant)
    if not actor.has_perm("returns.retry_notification"):
        raise ActionNotPermitted(_("Your role does not allow retrying notifications."))
    if notification.state != NotificationState.FAILED:
        raise NotificationError(
            _("%(notification)s has not failed: it is %(state)s.")
            % {"notification": notification, "state": notification.get_state_display().lower()}
        )
    if not notification.body_text:
        raise NotificationError(
            _(
                "%(notification)s could not be rendered; fix its template, it is sent at the next "
                "event."
            )
            % {"notification": notification}
        )
    notification.state = NotificationState.PENDING
    notification.attempts = 0
    notification.next_attempt_at = None
    save_with_history(notification, actor=actor, reason=_("retry asked by staff"))
    enqueue_on_commit(notification.pk)
    return notification


def notifications_sweep(*, now: datetime | None = None, grace=timedelta(minutes=5)) -> int:
    """Enqueue again the pending rows whose task should have run a while ago (a worker lost
    it); the task ignores a row already sent, so enqueueing twice sends once."""
    cutoff = (now or timezone.now()) - grace
    due = Notification.objects.filter(state=NotificationState.PENDING).filter(
        Q(next_attempt_at__isnull=True, created_at__lte=cutoff) | Q(next_attempt_at__lte=cutoff)
    )
    ids = list(due.order_by("pk").values_list("pk", flat=True))
    for notification_id in ids:
        send_notification.enqueue(notification_id)
    return len(ids)


def cases_due_for_survey(*, now: datetime | None = None):
    """Resolved cases whose customer has not been asked yet, between the survey delay and the
    window after which asking would be odd."""
    now = now or timezone.now()
    delay = timedelta(days=getattr(settings, "SURVEY_DELAY_DAYS", 3))
    window = timedelta(days=getattr(settings, "SURVEY_WINDOW_DAYS", 30))
    return (
        ReturnCase.objects.filter(
            status__in=[CaseStatus.RESOLVED, CaseStatus.CLOSED],
            resolved_at__lte=now - delay,
            resolved_at__gte=now - window,
            survey_response__isnull=True,
        )
        .exclude(notifications__kind=NotificationKind.SURVEY)
        .select_related("merchant", "customer", "order")
        .order_by("resolved_at")
    )


def surveys_send_due(*, now: datetime | None = None) -> int:
    """Ask each due case's customer once for a score; returns how many were asked."""
    asked = 0
    for case in cases_due_for_survey(now=now):
        with transaction.atomic():
            if notify(case, NotificationKind.SURVEY) is not None:
                asked += 1
    return asked
