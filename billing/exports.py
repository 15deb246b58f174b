"""Finance's exports: invoices, and the lines of the invoices given, as CSV or XLSX."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from billing.models import Invoice, InvoiceLine
from returns.common.spreadsheets import escape_cell
from returns.models import Merchant


def _column(column: str, attribute: str) -> Field:
    return Field(attribute=attribute, column_name=column)


class ScopedResource(resources.ModelResource):
    """Exports only rows of `user`'s merchants, whatever queryset it is handed."""

    merchant_path = "merchant"

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def scoped(self, queryset: QuerySet) -> QuerySet:
        if self.user is None or self.user.is_superuser:
            return queryset
        mine = Merchant.objects.for_user(self.user).values("pk")
        return queryset.filter(**{f"{self.merchant_path}__in": mine})

    def export_field(self, field, instance, **kwargs):
        return escape_cell(super().export_field(field, instance, **kwargs))


class InvoiceResource(ScopedResource):
    number = _column("number", "number")
    state = _column("state", "state")
    merchant = _column("merchant", "merchant__name")
    period_start = _column("period_start", "period_start")
    period_end = _column("period_end", "period_end")
    issued_on = _column("issued_on", "issued_on")
    due_on = _column("due_on", "due_on")
    currency = _column("currency", "currency")
    contacts = _column("contacts", "contact_count")
    subtotal = _column("subtotal", "subtotal")
    vat_amount = _column("vat", "vat_amount")
    total = _column("total", "total")
    paid_at = _column("paid_at", "paid_at")
    payment_reference = _column("payment_reference", "payment_reference")
    credit_note = _column("credit_note", "credit_note__number")

    class Meta:
        model = Invoice
        fields = (
            "number",
            "state",
            "merchant",
            "period_start",
            "period_end",
            "issued_on",
            "due_on",
            "currency",
            "contacts",
            "subtotal",
            "vat_amount",
            "total",
            "paid_at",
            "payment_reference",
            "credit_note",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Invoices"))

    def filter_export(self, queryset, **kwargs) -> QuerySet:
        return self.scoped(queryset).select_related("merchant", "credit_note")

    def dehydrate_credit_note(self, invoice: Invoice) -> str:
        credit_note = getattr(invoice, "credit_note", None)
        return credit_note.number if credit_note else ""


class InvoiceLineResource(ScopedResource):
    merchant_path = "invoice__merchant"

    invoice = _column("invoice", "invoice__number")
    state = _column("state", "invoice__state")
    merchant = _column("merchant", "invoice__merchant__name")
    period_start = _column("period_start", "invoice__period_start")
    channel = _column("channel", "channel")
    valid_from = _column("from", "valid_from")
    valid_to = _column("to", "valid_to")
    quantity = _column("contacts", "quantity")
    unit_fee = _column("fee_per_contact", "unit_fee")
    currency = _column("currency", "invoice__currency")
    vat_rate = _column("vat_rate", "vat_rate")
    amount = _column("amount", "amount")

    class Meta:
        model = InvoiceLine
        fields = (
            "invoice",
            "state",
            "merchant",
            "period_start",
            "channel",
            "valid_from",
            "valid_to",
            "quantity",
            "unit_fee",
            "currency",
            "vat_rate",
            "amount",
        )

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("Invoice lines"))

    def filter_export(self, queryset, **kwargs) -> QuerySet:
        """The lines of the invoices given (the admin hands over its invoice list)."""
        if queryset.model is Invoice:
            queryset = InvoiceLine.objects.filter(invoice__in=queryset.values("pk"))
        return (
            self.scoped(queryset)
            .select_related("invoice__merchant")
            .order_by("invoice__period_start", "invoice__merchant__name", "position")
        )
