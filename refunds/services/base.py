"""What the refund actions share: the row locks, in their one order, and what an order can still
refund.

Lock order, everywhere: the order row first, then the refund row. Requests and retries,
the two steps that add to what an order has refunded, take the order lock, so two of
them can never both pass the refundable check on the same order.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from refunds.choices import (
    RELEASED_STATES,
)
from refunds.exceptions import (
    ReasonRequired,
    RefundExceedsRefundable,
)
from refunds.models import Refund, RefundLine
from returns.common.money import quantize
from returns.common.transitions import save_with_history
from returns.models import Order, OrderLine


def refundable_amount(order: Order, *, excluding: Refund | None = None) -> Decimal:
    """What the order can still refund: what it captured less every refund still counting."""
    counting = order.refunds.exclude(state__in=RELEASED_STATES)
    if excluding is not None:
        counting = counting.exclude(pk=excluding.pk)
    taken = counting.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return order.total_amount - taken


def check_lines_refundable(
    order: Order, wanted: Sequence[tuple[OrderLine, Decimal]], *, excluding: Refund | None = None
) -> None:
    """Each order line refunds at most what was paid for it, over all refunds still counting
    (several partial refunds of one line add up; the order's total bounds the whole).

    Call with the order locked; raises RefundExceedsRefundable naming the line."""
    counting = RefundLine.objects.filter(
        refund__order=order, order_line__in=[line for line, _amount in wanted]
    ).exclude(refund__state__in=RELEASED_STATES)
    if excluding is not None:
        counting = counting.exclude(refund=excluding)
    taken = dict(
        counting.values("order_line")
        .annotate(amount=Sum("amount"))
        .values_list("order_line", "amount")
    )
    asked: dict[OrderLine, Decimal] = {}
    for line, amount in wanted:
        asked[line] = asked.get(line, Decimal("0")) + amount
    for line, amount in asked.items():
        paid = quantize(line.line_total, order.currency)
        left = paid - taken.get(line.pk, Decimal("0"))
        if amount > left:
            raise RefundExceedsRefundable(
                _("%(sku)s: %(amount)s asked, the line can still refund %(left)s of %(paid)s.")
                % {"sku": line.sku, "amount": amount, "left": max(left, 0), "paid": paid}
            )


def lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().select_related("merchant").get(pk=order_id)


def lock_refund(refund: Refund) -> Refund:
    return Refund.objects.select_for_update().select_related("merchant").get(pk=refund.pk)


def require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise ReasonRequired
    return reason.strip()


def system_step(refund: Refund, transition: str, *, actor, reason: str, **kwargs) -> None:
    """A step the rules take, not the person: recorded with the acting user, no role needed."""
    getattr(refund, transition)(**kwargs)
    save_with_history(refund, actor=actor, reason=reason)
