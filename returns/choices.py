"""Choices of the returns desk; no model imports here, so any module may use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListingFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Card")
    PAYPAL = "paypal", _("PayPal")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    INVOICE = "invoice", _("Invoice")
    DIRECT_DEBIT = "direct_debit", _("Direct debit")
    OTHER = "other", _("Other")


class SalesChannel(models.TextChoices):
    WEB = "web", _("Web shop")
    APP = "app", _("Mobile app")
    MARKETPLACE = "marketplace", _("Marketplace")
    PHONE = "phone", _("Phone order")
