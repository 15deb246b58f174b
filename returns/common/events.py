"""Business events: what the services publish inside their transaction, each carrying what its
listeners need (amounts, the code shown once, the refund's stage), so that a listener never
reads another app's models.

A listener writes its rows in the same transaction, so a rolled-back change leaves no trace and
a committed one is never lost.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefundStage(models.TextChoices):
    """Where a refund stands, as the customer and the shop see it."""

    REQUESTED = "requested", _("Requested")
    # A supervisor decides it: outside the policy, over the agent's limit, or held for review.
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


@dataclass(frozen=True)
class RefundFacts:
    id: int
    reference: str
    amount: Decimal
    currency: str
    stage: RefundStage


@dataclass(frozen=True)
class StoreCreditFacts:
    amount: Decimal
    currency: str
    last4: str
    expires_at: datetime
    # The full code, to be shown to the customer this once; only its hash is stored.
    code: str = ""


@dataclass(frozen=True)
class CaseOpened:
    case: Any
    actor: Any


@dataclass(frozen=True)
class CaseResolved:
    case: Any
    actor: Any
    refund: RefundFacts | None = None
    store_credit: StoreCreditFacts | None = None


@dataclass(frozen=True)
class ShipmentShipped:
    shipment: Any
    actor: Any


@dataclass(frozen=True)
class RefundApproved:
    case: Any
    actor: Any
    refund: RefundFacts
    # A refund in store credit is paid at once: RefundPaid, with the credit, follows.
    in_store_credit: bool = False


@dataclass(frozen=True)
class RefundPaid:
    case: Any
    actor: Any
    refund: RefundFacts
    # Set when the refund was paid in store credit: the credit that paid it.
    store_credit: StoreCreditFacts | None = None


@dataclass(frozen=True)
class RefundRejected:
    case: Any
    actor: Any
    refund: RefundFacts
    reason: str
    # The alternative offered, as a (lazy) label the listener renders in its reader's language.
    alternative: Any
    store_credit: StoreCreditFacts | None = None


@dataclass(frozen=True)
class StoreCreditIssued:
    case: Any
    actor: Any
    store_credit: StoreCreditFacts


Listener = Callable[[Any], None]
_listeners: dict[type, list[Listener]] = defaultdict(list)


def subscribe(event_type: type) -> Callable[[Listener], Listener]:
    """Register a listener for one event type; registering the same one twice is harmless."""

    def decorator(listener: Listener) -> Listener:
        if listener not in _listeners[event_type]:
            _listeners[event_type].append(listener)
        return listener

    return decorator


def publish(event) -> None:
    """Call each listener of the event's type, in the caller's transaction."""
    for listener in _listeners[type(event)]:
        listener(event)
