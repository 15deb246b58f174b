"""Customer e-mails: rendered in the customer's language when the event happens, written to the
outbox (Notification) in the event's transaction and sent by a task once it commits.

A rolled-back change leaves no row and enqueues nothing (the task is enqueued on commit); a
committed row whose task got lost is picked up again by `manage.py send_notifications`.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import CaseStatus, NotificationKind, NotificationState, Resolution
from returns.common import events
from returns.common.exceptions import ActionNotPermitted, DomainError
from returns.common.money import format_money
from returns.common.transitions import ensure_assigned, save_with_history
from returns.models import Notification, NotificationTemplate, ReturnCase

logger = logging.getLogger(__name__)

STATUS_LINK_SALT = "returns.status-page"
STATUS_LINK_MAX_AGE = timedelta(days=90)

# The variables a template may use; the admin's help and preview list them.
NOTIFICATION_VARIABLES = {
    "customer_name": gettext_lazy("the customer's name"),
    "merchant_name": gettext_lazy("the shop's name"),
    "case_reference": gettext_lazy("the case reference, e.g. R-7KQ4-M2XD"),
    "order_number": gettext_lazy("the shop's order number"),
    "status_url": gettext_lazy("the signed link to the case's status page"),
    "survey_url": gettext_lazy("the signed link to the survey"),
    "resolution": gettext_lazy("the decision, in words"),
    "amount": gettext_lazy("the amount refunded or credited, formatted"),
    "reason": gettext_lazy("why a request was rejected"),
    "alternative": gettext_lazy("what is offered instead of a rejected refund"),
    "store_credit_code": gettext_lazy("the store credit code (sent once, masked afterwards)"),
    "carrier": gettext_lazy("the carrier of a replacement"),
    "tracking_number": gettext_lazy("the replacement's tracking number"),
}

# Templates are written by supervisors: plain variables, conditions and filters only, no tag
# that reaches other templates or the server (include, extends, load, ssi, debug).
_FORBIDDEN_TAG = re.compile(r"{%-?\s*(include|extends|load|ssi|debug|block|templatetag)\b")

# A store credit code is only stored (hashed) by the refunds app; the outbox keeps it in
# clear only until the e-mail is out.
STORE_CREDIT_CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-([A-Z2-9]{4})\b")


class NotificationError(DomainError):
    default_message = gettext_lazy("The notification could not be handled.")


def validate_template_text(text: str) -> None:
    """Raise ValidationError when a template text would not render (or reaches too far)."""
    match = _FORBIDDEN_TAG.search(text)
    if match:
        raise ValidationError(
            _("The tag “%(tag)s” is not allowed in a notification template.")
            % {"tag": match.group(1)}
        )
    try:
        Template(text, engine=Engine.get_default())
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The template has an error: %(error)s") % {"error": error}
        ) from None


# Signed links to the status page


def status_token(case: ReturnCase) -> str:
    return signing.dumps(case.reference, salt=STATUS_LINK_SALT)


def read_status_token(token: str) -> str | None:
    """The case reference a link was signed for, or None when it is forged or expired."""
    try:
        return signing.loads(
            token, salt=STATUS_LINK_SALT, max_age=STATUS_LINK_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None


def status_url(case: ReturnCase) -> str:
    path = reverse("status:case", kwargs={"token": status_token(case)})
    return urljoin(getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000"), path)


# Rendering


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str


def choose_template(merchant, kind: str) -> NotificationTemplate | None:
    """The merchant's own active template of this kind, else the global one."""
    return (
        NotificationTemplate.objects.filter(kind=kind, is_active=True)
        .filter(Q(merchant=merchant) | Q(merchant__isnull=True))
        .order_by(F("merchant").asc(nulls_last=True))
        .first()
    )


def render_message(
    template: NotificationTemplate, context: dict, *, language: str, merchant_name: str = ""
) -> RenderedMessage:
    """Subject, text and HTML in `language` (the template's fields fall back to English).
    Raises TemplateSyntaxError for a template saved around its validation."""
    engine = Engine.get_default()
    with translation.override(language):
        # Plain text: nothing to escape; the HTML layout escapes the rendered text itself.
        plain = Context(context, autoescape=False)
        subject = " ".join(Template(template.subject, engine=engine).render(plain).split())
        text = Template(template.body, engine=engine).render(plain).strip() + "\n"
        html = render_to_string(
            "emails/notification.html",
            {
                "language": language,
                "subject": subject,
                "text": text,
                "merchant_name": merchant_name or context.get("merchant_name", ""),
                "status_url": context.get("status_url", ""),
            },
        )
    return RenderedMessage(subject=subject[:255], text=text, html=html)


def case_context(case: ReturnCase, *, language: str, **extra) -> dict:
    """The variables every message about a case has; `extra` adds the event's own."""
    url = status_url(case)
    with translation.override(language):
        context = {
            "customer_name": case.customer.name,
            "merchant_name": case.merchant.name,
            "case_reference": case.reference,
            "order_number": case.order.number,
            "status_url": url,
            "survey_url": f"{url}#survey",
            "resolution": str(Resolution(case.resolution).label) if case.resolution else "",
        }
        context.update({key: str(value) for key, value in extra.items()})
    return context


def money(amount, currency: str, language: str) -> str:
    return format_money(amount, currency, language) if amount is not None else ""


# The outbox


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
    from returns.tasks import send_notification

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
    from returns.tasks import send_notification

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


# Listeners of the business events; they run inside the service's transaction.

DECISION_KIND = {
    Resolution.REPLACEMENT: NotificationKind.DECISION_REPLACEMENT,
    Resolution.REFUND: NotificationKind.DECISION_REFUND,
    Resolution.STORE_CREDIT: NotificationKind.DECISION_STORE_CREDIT,
    Resolution.EXCHANGE: NotificationKind.DECISION_EXCHANGE,
    Resolution.REJECTED: NotificationKind.DECISION_REJECTED,
}


@events.subscribe(events.CASE_OPENED)
def on_case_opened(*, case, **payload) -> None:
    notify(case, NotificationKind.CASE_OPENED)


@events.subscribe(events.CASE_RESOLVED)
def on_case_resolved(*, case, **payload) -> None:
    kind = DECISION_KIND.get(case.resolution)
    if kind is None:
        return
    language = case.customer.preferred_language
    extra = {}
    if case.resolution == Resolution.REFUND:
        refund = case.refunds.order_by("-pk").first() if hasattr(case, "refunds") else None
        if refund is not None:
            extra["amount"] = money(refund.amount, refund.currency, language)
    elif case.resolution == Resolution.STORE_CREDIT:
        credit = (
            case.store_credits.order_by("-pk").first() if hasattr(case, "store_credits") else None
        )
        if credit is not None:
            extra["amount"] = money(credit.initial_value, credit.currency, language)
        extra["store_credit_code"] = getattr(case, "issued_store_credit_code", "")
    elif case.resolution == Resolution.REJECTED:
        extra["reason"] = case.rejection_reason
    notify(case, kind, **extra)


@events.subscribe(events.REFUND_REJECTED)
def on_refund_rejected(*, refund, store_credit_code: str = "", **payload) -> None:
    case = refund.case
    language = case.customer.preferred_language
    with translation.override(language):
        alternative = str(refund.get_alternative_display())
    extra = {"reason": refund.decision_reason, "alternative": alternative}
    if store_credit_code:
        credit = case.store_credits.order_by("-pk").first()
        extra["store_credit_code"] = store_credit_code
        if credit is not None:
            extra["amount"] = money(credit.initial_value, credit.currency, language)
    notify(case, NotificationKind.DECISION_REJECTED, event_key=f"refund-{refund.pk}", **extra)


@events.subscribe(events.SHIPMENT_SHIPPED)
def on_shipment_shipped(*, shipment, **payload) -> None:
    notify(
        shipment.case,
        NotificationKind.SHIPMENT_SHIPPED,
        event_key=f"shipment-{shipment.pk}",
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
    )


@events.subscribe(events.REFUND_PAID)
def on_refund_paid(*, refund, store_credit_code: str = "", **payload) -> None:
    case = refund.case
    amount = money(refund.amount, refund.currency, case.customer.preferred_language)
    if store_credit_code:
        # Paid in store credit: the e-mail that carries the code, shown this once.
        notify(
            case,
            NotificationKind.DECISION_STORE_CREDIT,
            event_key=f"refund-{refund.pk}",
            amount=amount,
            store_credit_code=store_credit_code,
        )
        return
    notify(case, NotificationKind.REFUND_PAID, event_key=f"refund-{refund.pk}", amount=amount)


def mask_store_credit_codes(text: str) -> str:
    return STORE_CREDIT_CODE.sub(lambda match: f"••••-••••-••••-{match.group(1)}", text)
