"""Paying refunds through the listings: into a listing, paid, failed, retried."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from refunds.choices import (
    BatchState,
)
from refunds.events import refund_facts
from refunds.exceptions import (
    InvalidRefund,
    RefundExceedsRefundable,
)
from refunds.models import Refund, RefundBatch
from refunds.services.base import (
    check_lines_refundable,
    lock_order,
    lock_refund,
    refundable_amount,
    require_reason,
)
from returns.choices import ListingFrequency
from returns.common import events
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.models import Merchant


@transaction.atomic
def refund_add_to_batch(*, refund: Refund, actor, batch: RefundBatch) -> Refund:
    """Put an approved refund into an open listing of its merchant."""
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    # Locked after the refund, so an export running now cannot miss a refund added to it.
    batch = RefundBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.merchant_id != refund.merchant_id:
        raise InvalidRefund(_("The listing belongs to another merchant."))
    if batch.state != BatchState.OPEN:
        raise InvalidRefund(
            _("Listing %(batch)s is already exported.") % {"batch": batch.reference}
        )
    run_transition(
        refund,
        "add_to_batch",
        actor=actor,
        reason=_("added to listing %(batch)s") % {"batch": batch.reference},
        batch=batch,
    )
    return refund


@transaction.atomic
def refund_mark_paid(*, refund: Refund, actor, payment_reference: str, paid_at=None) -> Refund:
    """Record the bank's payment; a refund leaves `batched` once, so it is paid at most once.
    Raises TransitionNotAllowed for a refund already paid (or not in a listing)."""
    if not payment_reference.strip():
        raise InvalidRefund(_("Give the bank's payment reference."))
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(
        refund,
        "mark_paid",
        actor=actor,
        reason=_("paid, bank reference %(reference)s") % {"reference": payment_reference},
        by=actor,
        at=paid_at or timezone.now(),
        payment_reference=payment_reference.strip(),
    )
    events.publish(events.RefundPaid(case=refund.case, actor=actor, refund=refund_facts(refund)))
    return refund


@transaction.atomic
def refund_mark_failed(
    *, refund: Refund, actor, reason: str, payment_reference: str = ""
) -> Refund:
    """Record that the bank could not pay; the amount no longer counts until a retry."""
    reason = require_reason(reason)
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(
        refund,
        "mark_failed",
        actor=actor,
        reason=_("payment failed: %(reason)s") % {"reason": reason},
        why=reason,
        payment_reference=payment_reference,
    )
    return refund


@transaction.atomic
def refund_retry(*, refund: Refund, actor, reason: str) -> Refund:
    """Approve a failed refund again for the next listing, if the order still has the money
    (a failed refund released its amount). Raises RefundExceedsRefundable."""
    reason = require_reason(reason)
    order = lock_order(refund.order_id)
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    available = refundable_amount(order, excluding=refund)
    if refund.amount > available:
        raise RefundExceedsRefundable(
            _("Order %(order)s can still refund %(available)s, the refund is %(amount)s.")
            % {"order": order.number, "available": available, "amount": refund.amount}
        )
    check_lines_refundable(
        order,
        [(line.order_line, line.amount) for line in refund.lines.select_related("order_line")],
        excluding=refund,
    )
    run_transition(refund, "retry", actor=actor, reason=reason)
    return refund


def listing_period(merchant: Merchant, day) -> tuple:
    """The first and last day of the merchant's listing that contains `day` (a local date):
    the day itself for daily listings, Monday to Sunday for weekly ones."""
    if merchant.refund_listing_frequency == ListingFrequency.WEEKLY:
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    return day, day


@transaction.atomic
def refund_batch_open(*, merchant: Merchant, day, actor) -> RefundBatch:
    """The merchant's listing for the period containing `day`, created when missing."""
    ensure_assigned(actor, merchant)
    start, end = listing_period(merchant, day)
    frequency = merchant.refund_listing_frequency
    batch = RefundBatch.objects.filter(
        merchant=merchant, frequency=frequency, period_start=start
    ).first()
    if batch is None:
        batch = RefundBatch(
            reference=f"{merchant.slug.upper()}-{start:%Y%m%d}-{frequency[0].upper()}",
            merchant=merchant,
            frequency=frequency,
            period_start=start,
            period_end=end,
            opened_by=actor,
        )
        save_with_history(batch, actor=actor, reason=_("listing opened"))
    return batch
