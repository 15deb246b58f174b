from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from simple_history.models import HistoricalRecords

from billing.choices import DEFAULT_TARGET_SECONDS, InvoiceState, NumberSeries
from returns.choices import ContactChannel
from returns.common.money import MONEY
from returns.common.validators import validate_currency
from returns.models import Contact

FEE = {"max_digits": 10, "decimal_places": 4}
RATE = {"max_digits": 5, "decimal_places": 2}


class Tariff(models.Model):
    """What a merchant pays a contact from one day to another (both inclusive, merchant's time)."""

    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.PROTECT,
        related_name="tariffs",
        verbose_name=_("merchant"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Inclusive; empty: until further notice.")
    )
    fee_per_contact = models.DecimalField(
        _("fee per contact"), validators=[MinValueValidator(Decimal("0"))], **FEE
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[validate_currency]
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **RATE,
    )
    handling_target_seconds = models.PositiveIntegerField(
        _("handling-time target (seconds)"),
        default=DEFAULT_TARGET_SECONDS,
        validators=[MinValueValidator(1)],
        help_text=_("The average handling time a contact must stay under, admin work included."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["merchant", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="tariff_valid_to_after_from",
            ),
            models.UniqueConstraint(fields=["merchant", "valid_from"], name="tariff_unique_start"),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.merchant} {self.valid_from:%Y-%m-%d}–{end}: {self.fee_per_contact}"

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("A tariff cannot end before it starts.")})
        if not (self.merchant_id and self.valid_from):
            return
        # Each day has at most one tariff, so a day's fee is never ambiguous.
        overlapping = Tariff.objects.filter(merchant_id=self.merchant_id).exclude(pk=self.pk)
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        other = overlapping.order_by("valid_from").first()
        if other is not None:
            raise ValidationError(
                _("The tariff overlaps the one valid from %(start)s: end that one first.")
                % {"start": other.valid_from.isoformat()}
            )


class InvoiceSequence(models.Model):
    """The last number given in a series and year; its row lock makes numbers gapless."""

    series = models.CharField(_("series"), max_length=20, choices=NumberSeries.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="sequence_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.get_series_display()} {self.year}: {self.last_number}"


def invoice_pdf_path(invoice: "Invoice", filename: str) -> str:
    return f"invoices/{invoice.number_year}/{filename}"


class Invoice(ConcurrentTransitionMixin, models.Model):
    """A merchant's invoice for the contacts of one calendar month in the merchant's time zone."""

    merchant = models.ForeignKey(
        "returns.Merchant",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("merchant"),
    )
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    # The month's bounds in UTC, fixed at billing: the contacts from starts_at up to (not
    # including) ends_at are this invoice's, even if the merchant's time zone changes later.
    starts_at = models.DateTimeField(_("period starts at"))
    ends_at = models.DateTimeField(_("period ends before"))
    state = FSMField(
        _("state"), default=InvoiceState.DRAFT, choices=InvoiceState.choices, protected=True
    )
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    number_year = models.PositiveSmallIntegerField(_("number year"), null=True, editable=False)
    number_sequence = models.PositiveIntegerField(_("number in year"), null=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    contact_count = models.PositiveIntegerField(_("contacts"), default=0)
    subtotal = models.DecimalField(_("subtotal"), default=Decimal("0"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), default=Decimal("0"), **MONEY)
    total = models.DecimalField(_("total"), default=Decimal("0"), **MONEY)
    handling_figures = models.JSONField(
        _("handling-time figures"),
        default=dict,
        blank=True,
        help_text=_("Per channel: contacts, average, 90th percentile, share over the target."),
    )
    note = models.TextField(_("note on the invoice"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
        null=True,
        blank=True,
    )
    issued_on = models.DateField(_("invoice date"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("marked paid by"),
        null=True,
        blank=True,
    )
    payment_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voided by"),
        null=True,
        blank=True,
    )
    void_reason = models.TextField(_("why it was voided"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=invoice_pdf_path, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-period_start", "merchant"]
        permissions = [
            ("issue_invoice", _("Can issue invoices")),
            ("pay_invoice", _("Can mark invoices paid")),
            ("void_invoice", _("Can void invoices")),
        ]
        constraints = [
            # One live invoice a merchant and month; a voided one makes room for its correction.
            models.UniqueConstraint(
                fields=["merchant", "period_start"],
                condition=~Q(state=InvoiceState.VOID),
                name="invoice_one_live_per_month",
            ),
            models.UniqueConstraint(
                fields=["number_year", "number_sequence"], name="invoice_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(state=InvoiceState.DRAFT)
                | Q(state=InvoiceState.VOID, number="")
                | Q(number_sequence__isnull=False, issued_at__isnull=False),
                name="invoice_issued_has_number",
            ),
        ]
        indexes = [
            # The contact guard asks "is this merchant's moment on a binding invoice?".
            models.Index(
                fields=["merchant", "state", "starts_at"], name="invoice_merchant_state_idx"
            )
        ]

    def __str__(self) -> str:
        if self.number:
            return self.number
        return _("Draft %(merchant)s %(month)s") % {
            "merchant": self.merchant,
            "month": self.period_start.strftime("%Y-%m"),
        }

    # Transitions change fields in memory only; billing.services locks, checks and saves.

    @transition(
        state,
        source=InvoiceState.DRAFT,
        target=InvoiceState.ISSUED,
        permission="billing.issue_invoice",
    )
    def issue(self, *, by, at, on, due_on, year: int, sequence: int, number: str) -> None:
        """Give the invoice its number and date; from now on it never changes."""
        self.issued_by = by
        self.issued_at = at
        self.issued_on = on
        self.due_on = due_on
        self.number_year = year
        self.number_sequence = sequence
        self.number = number

    @transition(
        state,
        source=InvoiceState.ISSUED,
        target=InvoiceState.PAID,
        permission="billing.pay_invoice",
    )
    def mark_paid(self, *, by, at, payment_reference: str) -> None:
        """Record the merchant's payment."""
        self.paid_by = by
        self.paid_at = at
        self.payment_reference = payment_reference

    @transition(
        state,
        source=[InvoiceState.DRAFT, InvoiceState.ISSUED],
        target=InvoiceState.VOID,
        permission="billing.void_invoice",
    )
    def void(self, *, by, at, why: str) -> None:
        """Withdraw a draft, or an issued invoice (which then gets a credit note)."""
        self.voided_by = by
        self.voided_at = at
        self.void_reason = why


class InvoiceLine(models.Model):
    """Contacts of one channel billed at one tariff: the count times the fee."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    tariff = models.ForeignKey(
        Tariff,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tariff"),
        null=True,
        blank=True,
        help_text=_("Empty: the merchant's default fee."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    quantity = models.PositiveIntegerField(_("contacts"))
    unit_fee = models.DecimalField(_("fee per contact"), **FEE)
    vat_rate = models.DecimalField(_("VAT rate (%)"), **RATE)
    amount = models.DecimalField(_("amount"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.unit_fee} ({self.get_channel_display()})"


class CreditNote(models.Model):
    """Cancels an issued invoice in full; numbered in its own gapless series."""

    invoice = models.OneToOneField(
        Invoice, on_delete=models.PROTECT, related_name="credit_note", verbose_name=_("invoice")
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    number_year = models.PositiveSmallIntegerField(_("number year"))
    number_sequence = models.PositiveIntegerField(_("number in year"))
    issued_on = models.DateField(_("date"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    reason = models.TextField(_("reason"))
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    vat_amount = models.DecimalField(_("VAT"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number_year", "number_sequence"], name="credit_note_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.number


class HandlingTimeReport(Contact):
    """The handling-time report's entry in the admin: contacts read by merchant, agent, channel."""

    class Meta:
        proxy = True
        verbose_name = _("handling-time report")
        verbose_name_plural = _("handling-time report")
