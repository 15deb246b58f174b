"""Approved refunds made the way people make them: a case, a request, validation, approval."""

from decimal import Decimal

from refunds import services
from refunds.choices import RefundMethod
from tests.factories import OrderFactory, OrderLineFactory, ReturnCaseFactory

GOOD_IBAN = "DE89370400440532013000"


def approved_refund(
    merchant,
    agent,
    *,
    price=Decimal("40.00"),
    customer_name=None,
    method=RefundMethod.BANK_TRANSFER,
):
    order = OrderFactory(merchant=merchant, total_amount=price + Decimal("5.00"))
    if customer_name:
        order.customer.name = customer_name
        order.customer.save()
    OrderLineFactory(order=order, unit_price=price, quantity=1)
    case = ReturnCaseFactory(order=order, inside_policy=True, suggested_outcome="refund")
    line = case.lines.get()
    refund = services.refund_request(
        actor=agent,
        case=case,
        lines=[services.RefundLineInput(line.order_line, 1, line.reason)],
        method=method,
        iban=GOOD_IBAN if method == RefundMethod.BANK_TRANSFER else "",
        account_holder="Erika Mustermann" if method == RefundMethod.BANK_TRANSFER else "",
    )
    refund = services.refund_validate(refund=refund, actor=agent)
    return services.refund_approve(refund=refund, actor=agent)


def close_yesterday(merchant, actor):
    """Move the merchant's waiting approvals back a day and close that day's listing: a period
    can be closed only once it has ended."""
    from datetime import timedelta

    from django.db.models import F

    from refunds.choices import RefundState
    from refunds.listings import listing_close
    from refunds.models import Refund

    waiting = Refund.objects.filter(
        merchant=merchant, state=RefundState.APPROVED, batch__isnull=True
    )
    waiting.update(approved_at=F("approved_at") - timedelta(days=1))
    first = waiting.order_by("approved_at").first()
    return listing_close(
        merchant=merchant, day=first.approved_at.astimezone(merchant.zone).date(), actor=actor
    )
