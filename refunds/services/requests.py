"""Requesting a refund, its screening and the steps before a decision: validate, escalate, hold,
cancel."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from refunds import screening
from refunds.choices import (
    ApprovalReason,
    FraudDecision,
    RefundMethod,
)
from refunds.exceptions import (
    InvalidRefund,
    RefundExceedsRefundable,
)
from refunds.models import Refund, RefundLine
from refunds.services.base import (
    check_lines_refundable,
    lock_order,
    lock_refund,
    refundable_amount,
    require_reason,
    system_step,
)
from returns.choices import PolicyOutcome
from returns.common.exceptions import ActionNotPermitted
from returns.common.money import quantize
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.models import OrderLine, ReturnCase, ReturnReason


@dataclass(frozen=True)
class RefundLineInput:
    order_line: OrderLine
    quantity: int
    reason: ReturnReason
    amount: Decimal | None = None  # default: the line's unit price times the quantity


@transaction.atomic
def refund_request(
    *,
    actor,
    case: ReturnCase,
    lines: Sequence[RefundLineInput],
    method: str = RefundMethod.ORIGINAL_PAYMENT,
    iban: str = "",
    account_holder: str = "",
    reason: str = "",
) -> Refund:
    """Ask for a refund of some lines of a case's order.

    Fraud screening runs first; a request outside the policy or over the agent's limit goes
    to a supervisor at once. Raises RefundExceedsRefundable, InvalidRefund, NotAssigned.
    """
    ensure_assigned(actor, case.merchant)
    if not actor.has_perm("refunds.add_refund"):
        raise ActionNotPermitted(_("Your role does not allow requesting refunds."))
    if not lines:
        raise InvalidRefund(_("Choose at least one line to refund."))
    order = lock_order(case.order_id)
    merchant = order.merchant
    total = Decimal("0")
    priced = []
    for item in lines:
        if item.order_line.order_id != order.pk:
            raise InvalidRefund(
                _("%(sku)s is not a line of order %(order)s.")
                % {"sku": item.order_line.sku, "order": order.number}
            )
        if item.reason.merchant_id != merchant.pk:
            raise InvalidRefund(_("The reason code is not one of this merchant's."))
        if not 1 <= item.quantity <= item.order_line.quantity:
            raise InvalidRefund(
                _("%(sku)s: %(quantity)s asked, the order has %(ordered)s.")
                % {
                    "sku": item.order_line.sku,
                    "quantity": item.quantity,
                    "ordered": item.order_line.quantity,
                }
            )
        amount = quantize(
            item.amount if item.amount is not None else item.order_line.value_of(item.quantity),
            order.currency,
        )
        priced.append((item, amount))
        total += amount
    available = refundable_amount(order)
    if total > available:
        raise RefundExceedsRefundable(
            _("%(amount)s %(currency)s asked, order %(order)s can still refund %(available)s.")
            % {
                "amount": total,
                "currency": order.currency,
                "order": order.number,
                "available": available,
            }
        )
    check_lines_refundable(order, [(item.order_line, amount) for item, amount in priced])
    refund = Refund(
        merchant=merchant,
        case=case,
        order=order,
        amount=total,
        currency=order.currency,
        method=method,
        iban=iban,
        account_holder=account_holder,
        requested_by=actor,
        inside_policy=bool(case.inside_policy)
        and case.suggested_outcome != PolicyOutcome.NEEDS_SUPERVISOR,
    )
    try:
        refund.full_clean(exclude=["state"])
    except ValidationError as error:
        # A bad IBAN or a bank transfer without one: a message for the person, not a crash.
        raise InvalidRefund(" ".join(error.messages)) from None
    save_with_history(refund, actor=actor, reason=reason or _("refund requested"))
    for item, amount in priced:
        line = RefundLine(
            refund=refund,
            order_line=item.order_line,
            quantity=item.quantity,
            amount=amount,
            reason=item.reason,
        )
        line.full_clean()
        save_with_history(line, actor=actor, reason=_("refund requested"))
    _screen(refund, actor=actor)
    return refund


def _screen(refund: Refund, *, actor) -> None:
    """Fraud screening, then the automatic routes to a supervisor."""
    decision = screening.evaluate(refund, actor=actor)
    if decision.decision:
        refund.fraud_decision = decision.decision
        save_with_history(refund, actor=actor, reason=decision.summary or _("fraud screening"))
    if refund.fraud_decision == FraudDecision.BLOCK:
        return
    if refund.fraud_decision == FraudDecision.REVIEW:
        system_step(refund, "hold", actor=actor, reason=decision.summary or _("held for review"))
    elif not refund.inside_policy:
        system_step(
            refund,
            "escalate",
            actor=actor,
            reason=_("outside the merchant's policy"),
            why=ApprovalReason.OUT_OF_POLICY,
        )
    elif refund.amount > refund.merchant.agent_approval_limit:
        system_step(
            refund,
            "escalate",
            actor=actor,
            reason=_("over the agent's approval limit of %(limit)s")
            % {"limit": refund.merchant.agent_approval_limit},
            why=ApprovalReason.OVER_AGENT_LIMIT,
        )


@transaction.atomic
def refund_validate(*, refund: Refund, actor, reason: str = "") -> Refund:
    """Check a requested refund; raises TransitionNotAllowed (e.g. blocked by fraud)."""
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if refund.method == RefundMethod.BANK_TRANSFER and not refund.iban:
        raise InvalidRefund(_("A bank transfer needs the customer's IBAN."))
    run_transition(refund, "validate", actor=actor, reason=reason or _("validated"))
    return refund


@transaction.atomic
def refund_escalate(*, refund: Refund, actor, reason: str) -> Refund:
    """Send a refund to a supervisor, saying why."""
    reason = require_reason(reason)
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(
        refund, "escalate", actor=actor, reason=reason, why=ApprovalReason.AGENT_ESCALATED
    )
    return refund


@transaction.atomic
def refund_hold(*, refund: Refund, actor, reason: str) -> Refund:
    """Hold a refund for a supervisor's fraud review."""
    reason = require_reason(reason)
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(refund, "hold", actor=actor, reason=reason)
    return refund


@transaction.atomic
def refund_cancel(*, refund: Refund, actor, reason: str) -> Refund:
    """Cancel a refund before it is in a listing; raises ReasonRequired, TransitionNotAllowed."""
    reason = require_reason(reason)
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(refund, "cancel", actor=actor, reason=reason)
    return refund


@transaction.atomic
def refund_record_fraud_decision(
    *, refund: Refund, decision: FraudDecision, actor, reason: str
) -> Refund:
    """Record a fraud decision reached outside a screening (a supervisor's review) on the
    refund, with why; a refund that already has it is left alone. Raises NotAssigned."""
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if refund.fraud_decision != decision:
        refund.fraud_decision = FraudDecision(decision)
        save_with_history(refund, actor=actor, reason=reason)
    return refund
