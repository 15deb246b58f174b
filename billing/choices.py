"""Choices and constants of billing; no model imports here."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoiceState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")
    VOID = "void", _("Void")


# An invoice in one of these states was sent to the merchant: it and its contacts are frozen.
BINDING_STATES = (InvoiceState.ISSUED, InvoiceState.PAID)


class NumberSeries(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


# Number prefixes; a number reads e.g. 2025-00042 (invoice) or CN-2025-00003 (credit note).
SERIES_PREFIX = {NumberSeries.INVOICE: "", NumberSeries.CREDIT_NOTE: "CN-"}

# What a merchant without a tariff for a day pays: Merchant.fee_per_contact in EUR, this VAT
# rate (settings.BILLING_DEFAULT_VAT_RATE overrides it) and this handling-time target.
FALLBACK_CURRENCY = "EUR"
DEFAULT_VAT_RATE = Decimal("21.00")
DEFAULT_TARGET_SECONDS = 90
