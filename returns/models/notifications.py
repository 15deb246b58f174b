"""Customer e-mail templates and the outbox of notifications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from returns.choices import NotificationKind, NotificationState
from returns.models.cases import ReturnCase
from returns.models.merchants import Merchant
from returns.models.orders import Customer


class NotificationTemplate(models.Model):
    """The e-mail a customer receives for one kind of event; a merchant's own template wins over
    the global one (no merchant). Subject and body are translated and use Django template
    syntax with the variables listed in NOTIFICATION_VARIABLES (returns.notifications)."""

    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.CASCADE,
        related_name="notification_templates",
        verbose_name=_("merchant"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the global template every merchant falls back to."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Plain text; variables such as {{ customer_name }}, {{ case_reference }} and "
            "{{ status_url }}. The HTML version is made from it."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    # History is registered in translation.py, after the translated fields exist.

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["kind", "merchant__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant", "kind"], name="notification_template_unique_kind"
            ),
            # NULLs are distinct in a unique constraint: one global template per kind too.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(merchant__isnull=True),
                name="notification_template_unique_global_kind",
            ),
        ]

    def __str__(self) -> str:
        owner = self.merchant.name if self.merchant_id else _("global")
        return f"{self.get_kind_display()} ({owner})"

    def clean(self):
        from returns.notifications.rendering import validate_template_text

        errors = {}
        for field in ("subject", "body"):
            for name in [field, *(f"{field}_{code}" for code, _name in settings.LANGUAGES)]:
                text = getattr(self, name, "") or ""
                try:
                    validate_template_text(text)
                except ValidationError as error:
                    errors.setdefault(name, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """The outbox: one e-mail to a customer, rendered in their language when the event
    happened, written in the same transaction and sent by a task after the commit."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="notifications", verbose_name=_("merchant")
    )
    case = models.ForeignKey(
        ReturnCase,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("case"),
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("customer"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    event_key = models.CharField(
        _("event key"),
        max_length=64,
        blank=True,
        help_text=_("Tells events of one kind on one case apart (a shipment, a refund)."),
    )
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The bodies never change once written, and one may hold a store credit code until it is
    # sent (then masked): the history tracks the sending, not the text.
    history = HistoricalRecords(excluded_fields=["body_text", "body_html"])

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        permissions = [("retry_notification", _("Can retry failed notifications"))]
        constraints = [
            # An event is told once: a listener run twice (or two workers) cannot send twice.
            models.UniqueConstraint(
                fields=["case", "kind", "event_key"], name="notification_once_per_event"
            )
        ]
        indexes = [
            # The sweep reads pending rows by age; the admin lists a merchant's by state.
            models.Index(fields=["state", "next_attempt_at"], name="notif_state_next_idx"),
            models.Index(fields=["merchant", "state"], name="notif_merchant_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
