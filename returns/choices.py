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


class ItemCondition(models.TextChoices):
    UNOPENED = "unopened", _("Unopened")
    OPENED = "opened", _("Opened, as new")
    USED = "used", _("Used")
    DEFECTIVE = "defective", _("Defective")
    DAMAGED_IN_TRANSIT = "damaged_in_transit", _("Damaged in transit")
    DAMAGED_BY_CUSTOMER = "damaged_by_customer", _("Damaged by the customer")


class PolicyOutcome(models.TextChoices):
    """What a merchant's policy suggests for a return."""

    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    STORE_CREDIT = "store_credit", _("Store credit")
    NEEDS_SUPERVISOR = "needs_supervisor", _("Needs a supervisor")


class Resolution(models.TextChoices):
    """How a case was actually resolved."""

    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    STORE_CREDIT = "store_credit", _("Store credit")
    EXCHANGE = "exchange", _("Exchange")
    REJECTED = "rejected", _("Rejected")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AWAITING_ITEM = "awaiting_item", _("Awaiting the item")
    ITEM_RECEIVED = "item_received", _("Item received")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    PORTAL = "portal", _("Portal")


class ContactDirection(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")


class ShipmentStatus(models.TextChoices):
    TO_SHIP = "to_ship", _("To ship")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")


class NotificationKind(models.TextChoices):
    """The e-mails a customer receives along their case, one template each."""

    CASE_OPENED = "case_opened", _("Case opened")
    DECISION_REPLACEMENT = "decision_replacement", _("Decision: replacement")
    DECISION_REFUND = "decision_refund", _("Decision: refund")
    REFUND_UNDER_REVIEW = "refund_under_review", _("Refund request under review")
    DECISION_STORE_CREDIT = "decision_store_credit", _("Decision: store credit")
    DECISION_EXCHANGE = "decision_exchange", _("Decision: exchange")
    DECISION_REJECTED = "decision_rejected", _("Decision: rejected, with an alternative")
    SHIPMENT_SHIPPED = "shipment_shipped", _("Replacement shipped")
    REFUND_PAID = "refund_paid", _("Refund paid")
    SURVEY = "survey", _("Follow-up survey")


class NotificationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class RefundMethod(models.TextChoices):
    """How a refund reaches the customer; a merchant allows some of them (the refunds app pays)."""

    ORIGINAL_PAYMENT = "original_payment", _("Original payment method")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    STORE_CREDIT = "store_credit", _("Store credit")
