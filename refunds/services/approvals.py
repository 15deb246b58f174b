"""Deciding a refund: approval within the agent's limit, a supervisor's exception or rejection
with an alternative, and the store credit a refund in credit is paid with."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from refunds import screening
from refunds.choices import (
    Alternative,
    FraudDecision,
    RefundMethod,
)
from refunds.events import refund_facts, store_credit_facts
from refunds.exceptions import (
    ApprovalLimitExceeded,
    FourEyesViolation,
    FraudBlocked,
    HeldForReview,
    InvalidRefund,
    RefundError,
)
from refunds.models import Refund, StoreCredit
from refunds.services.base import lock_refund, require_reason, system_step
from refunds.services.store_credit import store_credit_issue
from returns.common import events
from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, run_transition, save_with_history


@transaction.atomic
def _screen_approval(refund: Refund, *, actor, permission: str, hold_for_review: bool) -> str:
    """Screen a refund again before approving it, in a transaction of its own, so the check
    and a block or hold stay recorded when the approval is then refused."""
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if not actor.has_perm(permission):
        # Nobody without the right to approve sets off a screening (and its records).
        raise ActionNotPermitted(_("Your role does not allow approving this refund."))
    if refund.fraud_decision == FraudDecision.BLOCK:
        return refund.fraud_decision  # decided already; screening again would only add noise
    result = screening.evaluate(refund, actor=actor, stage=screening.ScreeningStage.APPROVAL)
    # A screening only ever makes the decision stricter: a block a supervisor confirmed
    # stays a block, whatever the rules say now.
    if screening.stricter(result.decision, refund.fraud_decision):
        refund.fraud_decision = result.decision
        save_with_history(refund, actor=actor, reason=result.summary or _("fraud screening"))
        if result.decision == FraudDecision.REVIEW and hold_for_review:
            system_step(refund, "hold", actor=actor, reason=result.summary or _("held for review"))
    return refund.fraud_decision


def refund_approve(*, refund: Refund, actor, reason: str = "") -> Refund:
    """Approve a validated refund; over the merchant's agent limit only a supervisor may,
    and never for their own request. Fraud screening runs first. Raises FraudBlocked,
    HeldForReview, ApprovalLimitExceeded, FourEyesViolation."""
    decision = _screen_approval(
        refund, actor=actor, permission="refunds.approve_refund", hold_for_review=True
    )
    if decision == FraudDecision.BLOCK:
        raise FraudBlocked
    if decision == FraudDecision.REVIEW:
        raise HeldForReview
    return _approve(refund=refund, actor=actor, reason=reason)


def approval_obstacle(refund: Refund, actor, *, exception: bool = False) -> RefundError | None:
    """Why `actor` may not approve `refund` (the merchant's agent limit, four eyes), or None.

    The services raise it; the admin shows an approval button only when it is None.
    """
    if exception or refund.amount > refund.merchant.agent_approval_limit:
        if not exception and not actor.has_perm("refunds.approve_exception_refund"):
            return ApprovalLimitExceeded(
                _("%(amount)s is over the agent limit of %(limit)s: a supervisor approves it.")
                % {"amount": refund.amount, "limit": refund.merchant.agent_approval_limit}
            )
        if refund.requested_by_id == actor.pk:
            return FourEyesViolation()
    return None


@transaction.atomic
def _approve(*, refund: Refund, actor, reason: str) -> Refund:
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if obstacle := approval_obstacle(refund, actor):
        raise obstacle
    run_transition(
        refund, "approve", actor=actor, reason=reason or _("approved"), by=actor, at=timezone.now()
    )
    _after_approval(refund, actor=actor)
    return refund


def _after_approval(refund: Refund, *, actor) -> None:
    events.publish(
        events.RefundApproved(
            case=refund.case,
            actor=actor,
            refund=refund_facts(refund),
            in_store_credit=refund.method == RefundMethod.STORE_CREDIT,
        )
    )
    _settle_in_store_credit(refund, actor=actor)


def _settle_in_store_credit(refund: Refund, *, actor) -> None:
    """A refund in store credit is paid when approved: the credit is issued, the refund is
    paid with the credit as its reference, and the customer gets the code by e-mail."""
    if refund.method != RefundMethod.STORE_CREDIT:
        return
    credit, code = store_credit_issue(
        actor=actor,
        merchant=refund.merchant,
        customer=refund.case.customer,
        amount=refund.amount,
        case=refund.case,
        reason=_("refund %(refund)s paid in store credit") % {"refund": refund.reference},
    )
    run_transition(
        refund,
        "settle_in_store_credit",
        actor=actor,
        reason=_("paid in store credit ending %(last4)s") % {"last4": credit.code_last4},
        by=actor,
        at=timezone.now(),
        payment_reference=_("store credit …%(last4)s") % {"last4": credit.code_last4},
    )
    events.publish(
        events.RefundPaid(
            case=refund.case,
            actor=actor,
            refund=refund_facts(refund),
            store_credit=store_credit_facts(credit, code=code),
        )
    )


def refund_approve_exception(*, refund: Refund, actor, reason: str) -> Refund:
    """A supervisor approves a refund that waited for them (they are the reviewer, so a
    review decision does not stop them; a block does). Raises FraudBlocked,
    FourEyesViolation, ReasonRequired."""
    reason = require_reason(reason)
    decision = _screen_approval(
        refund, actor=actor, permission="refunds.approve_exception_refund", hold_for_review=False
    )
    if decision == FraudDecision.BLOCK:
        raise FraudBlocked
    return _approve_exception(refund=refund, actor=actor, reason=reason)


@transaction.atomic
def _approve_exception(*, refund: Refund, actor, reason: str) -> Refund:
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if obstacle := approval_obstacle(refund, actor, exception=True):
        raise obstacle
    run_transition(
        refund, "approve_exception", actor=actor, reason=reason, by=actor, at=timezone.now()
    )
    _after_approval(refund, actor=actor)
    return refund


@dataclass(frozen=True)
class Rejection:
    refund: Refund
    store_credit: StoreCredit | None = None
    store_credit_code: str = ""


@transaction.atomic
def refund_reject(
    *,
    refund: Refund,
    actor,
    reason: str,
    alternative: str,
    credit_amount: Decimal | None = None,
) -> Rejection:
    """A supervisor rejects a refund and offers store credit (its value, or a chosen one)
    or an exchange, which ships a replacement. Raises ReasonRequired, InvalidRefund."""
    reason = require_reason(reason)
    if alternative not in Alternative.values:
        raise InvalidRefund(_("Offer store credit or an exchange instead."))
    refund = lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(
        refund,
        "reject",
        actor=actor,
        reason=_("rejected: %(reason)s; offered %(alternative)s")
        % {"reason": reason, "alternative": Alternative(alternative).label.lower()},
        alternative=alternative,
        why=reason,
    )
    if alternative == Alternative.EXCHANGE:
        from returns.services import shipment_create_for_case

        shipment_create_for_case(
            case=refund.case, actor=actor, reason=_("exchange instead of a refund")
        )
        events.publish(_rejected_event(refund, actor=actor))
        return Rejection(refund)
    credit, code = store_credit_issue(
        actor=actor,
        merchant=refund.merchant,
        customer=refund.case.customer,
        amount=credit_amount if credit_amount is not None else refund.amount,
        case=refund.case,
        reason=_("store credit instead of refund %(refund)s") % {"refund": refund.reference},
    )
    events.publish(_rejected_event(refund, actor=actor, credit=credit, code=code))
    return Rejection(refund, credit, code)


def _rejected_event(
    refund: Refund, *, actor, credit: StoreCredit | None = None, code: str = ""
) -> events.RefundRejected:
    return events.RefundRejected(
        case=refund.case,
        actor=actor,
        refund=refund_facts(refund),
        reason=refund.decision_reason,
        alternative=Alternative(refund.alternative).label,
        store_credit=store_credit_facts(credit, code=code) if credit is not None else None,
    )
