"""Choices of the refunds app; no model imports here."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The merchant chooses which methods it allows, so the choice lives upstream.
from returns.choices import RefundMethod  # noqa: F401


class RefundState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    VALIDATED = "validated", _("Validated")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    APPROVED = "approved", _("Approved")
    BATCHED = "batched", _("In a listing")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# States whose amount no longer counts against what the order can still refund.
RELEASED_STATES = (RefundState.CANCELLED, RefundState.REJECTED, RefundState.FAILED)
# States a refund can still be cancelled from: before money is on its way.
CANCELLABLE_STATES = (
    RefundState.REQUESTED,
    RefundState.VALIDATED,
    RefundState.PENDING_APPROVAL,
    RefundState.APPROVED,
)


class ApprovalReason(models.TextChoices):
    """Why a refund waits for a supervisor."""

    OUT_OF_POLICY = "out_of_policy", _("Outside the merchant's policy")
    OVER_AGENT_LIMIT = "over_agent_limit", _("Over the agent's approval limit")
    FRAUD_REVIEW = "fraud_review", _("Held for fraud review")
    AGENT_ESCALATED = "agent_escalated", _("Escalated by an agent")


class FraudDecision(models.TextChoices):
    ALLOW = "allow", _("Allow")
    REVIEW = "review", _("Review")
    BLOCK = "block", _("Block")


class Alternative(models.TextChoices):
    """What a supervisor offers instead of a rejected refund."""

    STORE_CREDIT = "store_credit", _("Store credit")
    EXCHANGE = "exchange", _("Exchange")


class BatchState(models.TextChoices):
    OPEN = "open", _("Open")
    EXPORTED = "exported", _("Exported")
    PARTLY_SETTLED = "partly_settled", _("Partly settled")
    SETTLED = "settled", _("Settled")


class StoreCreditState(models.TextChoices):
    ACTIVE = "active", _("Active")
    USED_UP = "used_up", _("Used up")
    EXPIRED = "expired", _("Expired")
    VOID = "void", _("Void")
