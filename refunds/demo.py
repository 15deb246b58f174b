"""Demo refunds in every state, store credit in every state with redemptions, rejections with
alternatives."""

import contextlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from refunds import services
from refunds.choices import Alternative, RefundState
from refunds.exceptions import StoreCreditUnavailable
from refunds.models import Refund
from returns import services as returns_services
from returns.choices import ItemCondition, Resolution
from returns.models import Merchant

# The state each demo refund is driven to, in this order, for each merchant the agent serves.
PLAN = [
    RefundState.REQUESTED,
    RefundState.VALIDATED,
    RefundState.PENDING_APPROVAL,
    RefundState.APPROVED,
    RefundState.BATCHED,
    RefundState.PAID,
    RefundState.PAID,
    RefundState.FAILED,
    RefundState.CANCELLED,
    Alternative.STORE_CREDIT,
    Alternative.EXCHANGE,
]


@transaction.atomic
def seed(log) -> dict[str, str]:
    users = get_user_model().objects
    agent, supervisor, finance = (
        users.get(username=name) for name in ("agent", "supervisor", "finance")
    )
    for merchant in Merchant.objects.filter(staff=agent).order_by("slug"):
        if not Refund.objects.filter(merchant=merchant).exists():
            count = _refunds(merchant, agent=agent, supervisor=supervisor, finance=finance)
            log(f"{merchant.name}: {count} refunds and their store credit")
        credits = _goodwill_credits(merchant, agent=agent, supervisor=supervisor)
        if credits:
            log(f"{merchant.name}: {credits} goodwill store credits, used up, expired and void")
    return {}


def _refunds(merchant, *, agent, supervisor, finance) -> int:
    reason = merchant.return_reasons.get(code="changed-mind")
    orders = merchant.orders.filter(cases__isnull=True).order_by("number").prefetch_related("lines")
    made = 0
    for target, order in zip(PLAN, orders, strict=False):
        line = min(order.lines.all(), key=lambda order_line: order_line.unit_price)
        case = returns_services.case_open(
            actor=agent,
            order=order,
            lines=[returns_services.ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
        )
        suggested = returns_services.SUGGESTED_RESOLUTION.get(case.suggested_outcome)
        returns_services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REFUND,
            override_reason=""
            if suggested == Resolution.REFUND
            else "The customer asked for money back.",
        )
        refund = case.refunds.get()
        _drive(refund, target, agent=agent, supervisor=supervisor, finance=finance)
        made += 1
    return made


def _drive(refund, target, *, agent, supervisor, finance) -> None:
    if target == RefundState.REQUESTED:
        return
    if target in (Alternative.STORE_CREDIT, Alternative.EXCHANGE):
        if refund.state != RefundState.PENDING_APPROVAL:
            refund = services.refund_escalate(
                refund=refund, actor=agent, reason="The customer insists; the item looks worn."
            )
        rejection = services.refund_reject(
            refund=refund,
            actor=supervisor,
            reason="The item shows signs of use.",
            alternative=target,
        )
        if rejection.store_credit_code:
            services.store_credit_redeem(
                merchant=refund.merchant,
                code=rejection.store_credit_code,
                amount=min(Decimal("10.00"), rejection.store_credit.balance),
                actor=agent,
                order_reference="SHOP-REDEEM-1",
            )
        return
    if target == RefundState.CANCELLED:
        services.refund_cancel(refund=refund, actor=agent, reason="The customer kept the item.")
        return
    if refund.state == RefundState.REQUESTED:
        if target == RefundState.PENDING_APPROVAL:
            services.refund_escalate(refund=refund, actor=agent, reason="Unusual request.")
            return
        refund = services.refund_validate(refund=refund, actor=agent)
        if target == RefundState.VALIDATED:
            return
        refund = services.refund_approve(refund=refund, actor=agent)
    elif refund.state == RefundState.PENDING_APPROVAL:
        if target == RefundState.PENDING_APPROVAL:
            return
        refund = services.refund_approve_exception(
            refund=refund, actor=supervisor, reason="Long-standing customer."
        )
    if target in (RefundState.VALIDATED, RefundState.APPROVED):
        return
    batch = services.refund_batch_open(
        merchant=refund.merchant,
        day=timezone.localdate(timezone=refund.merchant.zone),
        actor=finance,
    )
    refund = services.refund_add_to_batch(refund=refund, actor=finance, batch=batch)
    if target == RefundState.PAID:
        services.refund_mark_paid(
            refund=refund, actor=finance, payment_reference=f"BANK-{refund.reference}"
        )
    elif target == RefundState.FAILED:
        services.refund_mark_failed(
            refund=refund, actor=finance, reason="Account closed", payment_reference="BANK-R03"
        )


def _goodwill_credits(merchant, *, agent, supervisor) -> int:
    """Store credit given without a case: one used up, one expired and one void, so every
    state of a credit shows next to the active ones the rejections issue."""
    if merchant.store_credits.filter(case__isnull=True).exists():
        return 0
    customers = list(merchant.customers.order_by("-id")[:3])

    def issue(customer, amount: Decimal, **options):
        return services.store_credit_issue(
            actor=agent,
            merchant=merchant,
            customer=customer,
            amount=amount,
            reason="Goodwill for a late delivery.",
            **options,
        )

    _credit, code = issue(customers[0], Decimal("15.00"))
    for number, amount in [(2, Decimal("5.00")), (3, Decimal("10.00"))]:
        services.store_credit_redeem(
            merchant=merchant,
            code=code,
            amount=amount,
            actor=agent,
            order_reference=f"SHOP-REDEEM-{number}",
        )
    # A credit the customer tried to use past its date: the refused use records the expiry.
    _credit, code = issue(customers[1], Decimal("20.00"), valid_days=0)
    with contextlib.suppress(StoreCreditUnavailable):
        services.store_credit_redeem(
            merchant=merchant, code=code, amount=Decimal("20.00"), actor=agent
        )
    credit, _code = issue(customers[2], Decimal("25.00"))
    services.store_credit_void(credit=credit, actor=supervisor, reason="Issued twice by mistake.")
    return 3
