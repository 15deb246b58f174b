"""A contact with a customer, the unit billing counts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from returns.choices import ContactChannel, ContactDirection
from returns.models.cases import ReturnCase
from returns.models.merchants import Merchant
from returns.models.orders import Customer


class Contact(models.Model):
    """One interaction with a customer, with or without a case; billing counts these."""

    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("merchant")
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("customer"),
        null=True,
        blank=True,
    )
    case = models.ForeignKey(
        ReturnCase,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("case"),
        null=True,
        blank=True,
    )
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    direction = models.CharField(
        _("direction"),
        max_length=10,
        choices=ContactDirection.choices,
        default=ContactDirection.INBOUND,
    )
    started_at = models.DateTimeField(_("started at"))
    handling_seconds = models.PositiveIntegerField(
        _("handling time (seconds)"), help_text=_("Call or chat plus the admin work after it.")
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("agent"),
    )
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-started_at"]
        indexes = [
            # Billing and the handling-time report read a merchant's contacts by period.
            models.Index(fields=["merchant", "started_at"], name="contact_merchant_started_idx"),
        ]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at, self.merchant.zone)
        return f"{self.get_channel_display()} {started:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        # The service checks the same; this covers the admin's form, which saves directly.
        errors = {}
        if self.customer_id and self.merchant_id and self.customer.merchant_id != self.merchant_id:
            errors["customer"] = _("The customer belongs to another merchant.")
        if self.case_id and self.merchant_id and self.case.merchant_id != self.merchant_id:
            errors["case"] = _("The case belongs to another merchant.")
        if errors:
            raise ValidationError(errors)
