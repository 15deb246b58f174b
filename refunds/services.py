"""Refund actions: each one locks what it must, checks, transitions and records why.

Lock order, everywhere: the order row first, then the refund row. Requests and retries,
the two steps that add to what an order has refunded, take the order lock, so two of
them can never both pass the refundable check on the same order.
"""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from refunds import screening
from refunds.choices import (
    RELEASED_STATES,
    Alternative,
    ApprovalReason,
    BatchState,
    FraudDecision,
    RefundMethod,
    StoreCreditState,
)
from refunds.events import refund_facts, store_credit_facts
from refunds.exceptions import (
    ApprovalLimitExceeded,
    FourEyesViolation,
    FraudBlocked,
    HeldForReview,
    InsufficientBalance,
    InvalidRefund,
    ReasonRequired,
    RefundError,
    RefundExceedsRefundable,
    StoreCreditNotFound,
    StoreCreditUnavailable,
)
from refunds.models import Redemption, Refund, RefundBatch, RefundLine, StoreCredit
from returns.choices import ListingFrequency, PolicyOutcome
from returns.common import events
from returns.common.exceptions import ActionNotPermitted
from returns.common.money import quantize
from returns.common.references import ALPHABET
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.models import Customer, Merchant, Order, OrderLine, ReturnCase, ReturnReason

STORE_CREDIT_VALID_DAYS = 365


@dataclass(frozen=True)
class RefundLineInput:
    order_line: OrderLine
    quantity: int
    reason: ReturnReason
    amount: Decimal | None = None  # default: the line's unit price times the quantity


def refundable_amount(order: Order, *, excluding: Refund | None = None) -> Decimal:
    """What the order can still refund: what it captured less every refund still counting."""
    counting = order.refunds.exclude(state__in=RELEASED_STATES)
    if excluding is not None:
        counting = counting.exclude(pk=excluding.pk)
    taken = counting.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return order.total_amount - taken


def _check_lines_refundable(
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
        paid = quantize(line.unit_price * line.quantity, order.currency)
        left = paid - taken.get(line.pk, Decimal("0"))
        if amount > left:
            raise RefundExceedsRefundable(
                _("%(sku)s: %(amount)s asked, the line can still refund %(left)s of %(paid)s.")
                % {"sku": line.sku, "amount": amount, "left": max(left, 0), "paid": paid}
            )


def _lock_order(order_id: int) -> Order:
    return Order.objects.select_for_update().select_related("merchant").get(pk=order_id)


def _lock_refund(refund: Refund) -> Refund:
    return Refund.objects.select_for_update().select_related("merchant").get(pk=refund.pk)


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise ReasonRequired
    return reason.strip()


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
    order = _lock_order(case.order_id)
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
            item.amount if item.amount is not None else item.order_line.unit_price * item.quantity,
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
    _check_lines_refundable(order, [(item.order_line, amount) for item, amount in priced])
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
        _system_step(refund, "hold", actor=actor, reason=decision.summary or _("held for review"))
    elif not refund.inside_policy:
        _system_step(
            refund,
            "escalate",
            actor=actor,
            reason=_("outside the merchant's policy"),
            why=ApprovalReason.OUT_OF_POLICY,
        )
    elif refund.amount > refund.merchant.agent_approval_limit:
        _system_step(
            refund,
            "escalate",
            actor=actor,
            reason=_("over the agent's approval limit of %(limit)s")
            % {"limit": refund.merchant.agent_approval_limit},
            why=ApprovalReason.OVER_AGENT_LIMIT,
        )


def _system_step(refund: Refund, transition: str, *, actor, reason: str, **kwargs) -> None:
    """A step the rules take, not the person: recorded with the acting user, no role needed."""
    getattr(refund, transition)(**kwargs)
    save_with_history(refund, actor=actor, reason=reason)


@transaction.atomic
def refund_validate(*, refund: Refund, actor, reason: str = "") -> Refund:
    """Check a requested refund; raises TransitionNotAllowed (e.g. blocked by fraud)."""
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if refund.method == RefundMethod.BANK_TRANSFER and not refund.iban:
        raise InvalidRefund(_("A bank transfer needs the customer's IBAN."))
    run_transition(refund, "validate", actor=actor, reason=reason or _("validated"))
    return refund


@transaction.atomic
def _screen_approval(refund: Refund, *, actor, permission: str, hold_for_review: bool) -> str:
    """Screen a refund again before approving it, in a transaction of its own, so the check
    and a block or hold stay recorded when the approval is then refused."""
    refund = _lock_refund(refund)
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
            _system_step(refund, "hold", actor=actor, reason=result.summary or _("held for review"))
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
    refund = _lock_refund(refund)
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
        events.RefundApproved(case=refund.case, actor=actor, refund=refund_facts(refund))
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


@transaction.atomic
def refund_escalate(*, refund: Refund, actor, reason: str) -> Refund:
    """Send a refund to a supervisor, saying why."""
    reason = _require_reason(reason)
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(
        refund, "escalate", actor=actor, reason=reason, why=ApprovalReason.AGENT_ESCALATED
    )
    return refund


@transaction.atomic
def refund_hold(*, refund: Refund, actor, reason: str) -> Refund:
    """Hold a refund for a supervisor's fraud review."""
    reason = _require_reason(reason)
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(refund, "hold", actor=actor, reason=reason)
    return refund


def refund_approve_exception(*, refund: Refund, actor, reason: str) -> Refund:
    """A supervisor approves a refund that waited for them (they are the reviewer, so a
    review decision does not stop them; a block does). Raises FraudBlocked,
    FourEyesViolation, ReasonRequired."""
    reason = _require_reason(reason)
    decision = _screen_approval(
        refund, actor=actor, permission="refunds.approve_exception_refund", hold_for_review=False
    )
    if decision == FraudDecision.BLOCK:
        raise FraudBlocked
    return _approve_exception(refund=refund, actor=actor, reason=reason)


@transaction.atomic
def _approve_exception(*, refund: Refund, actor, reason: str) -> Refund:
    refund = _lock_refund(refund)
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
    reason = _require_reason(reason)
    if alternative not in Alternative.values:
        raise InvalidRefund(_("Offer store credit or an exchange instead."))
    refund = _lock_refund(refund)
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


@transaction.atomic
def refund_add_to_batch(*, refund: Refund, actor, batch: RefundBatch) -> Refund:
    """Put an approved refund into an open listing of its merchant."""
    refund = _lock_refund(refund)
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
    refund = _lock_refund(refund)
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
    reason = _require_reason(reason)
    refund = _lock_refund(refund)
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
    reason = _require_reason(reason)
    order = _lock_order(refund.order_id)
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    available = refundable_amount(order, excluding=refund)
    if refund.amount > available:
        raise RefundExceedsRefundable(
            _("Order %(order)s can still refund %(available)s, the refund is %(amount)s.")
            % {"order": order.number, "available": available, "amount": refund.amount}
        )
    _check_lines_refundable(
        order,
        [(line.order_line, line.amount) for line in refund.lines.select_related("order_line")],
        excluding=refund,
    )
    run_transition(refund, "retry", actor=actor, reason=reason)
    return refund


@transaction.atomic
def refund_cancel(*, refund: Refund, actor, reason: str) -> Refund:
    """Cancel a refund before it is in a listing; raises ReasonRequired, TransitionNotAllowed."""
    reason = _require_reason(reason)
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    run_transition(refund, "cancel", actor=actor, reason=reason)
    return refund


# Store credit


def _hash_code(code: str) -> str:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def store_credit_issue(
    *,
    actor,
    merchant: Merchant,
    customer: Customer,
    amount: Decimal,
    reason: str,
    case: ReturnCase | None = None,
    valid_days: int = STORE_CREDIT_VALID_DAYS,
) -> tuple[StoreCredit, str]:
    """Issue store credit; returns it with its code, which is shown this once and never stored."""
    ensure_assigned(actor, merchant)
    if customer.merchant_id != merchant.pk:
        raise InvalidRefund(_("The customer belongs to another merchant."))
    amount = quantize(amount, merchant.currency)
    if amount <= 0:
        raise InvalidRefund(_("Store credit must be worth more than zero."))
    code = _new_code()
    credit = StoreCredit(
        merchant=merchant,
        customer=customer,
        case=case,
        code_hash=_hash_code(code),
        code_last4=code[-4:],
        initial_value=amount,
        balance=amount,
        currency=merchant.currency,
        expires_at=timezone.now() + timedelta(days=valid_days),
    )
    credit.full_clean(exclude=["state"])
    save_with_history(credit, actor=actor, reason=reason)
    events.publish(
        events.StoreCreditIssued(case=case, actor=actor, store_credit=store_credit_facts(credit))
    )
    return credit, code


def store_credit_redeem(
    *, merchant: Merchant, code: str, amount: Decimal, actor, order_reference: str = ""
) -> Redemption:
    """Take an amount off a store credit's balance; never below zero, one row per use.
    Raises StoreCreditNotFound, StoreCreditUnavailable, InsufficientBalance."""
    redemption = _redeem(
        merchant=merchant, code=code, amount=amount, actor=actor, order_reference=order_reference
    )
    if redemption is None:
        # Found past its expiry: that is recorded (committed), and then the use refused.
        raise StoreCreditUnavailable
    return redemption


@transaction.atomic
def _redeem(
    *, merchant: Merchant, code: str, amount: Decimal, actor, order_reference: str
) -> Redemption | None:
    ensure_assigned(actor, merchant)
    amount = quantize(amount, merchant.currency)
    if amount <= 0:
        raise InvalidRefund(_("Redeem an amount above zero."))
    # The row lock makes concurrent redemptions of one credit take turns on the balance.
    credit = (
        StoreCredit.objects.select_for_update()
        .filter(merchant=merchant, code_hash=_hash_code(code))
        .first()
    )
    if credit is None:
        raise StoreCreditNotFound
    if credit.state == StoreCreditState.ACTIVE and credit.expires_at <= timezone.now():
        credit.expire()
        save_with_history(credit, actor=actor, reason=_("expired"))
        return None
    if credit.state != StoreCreditState.ACTIVE:
        raise StoreCreditUnavailable
    if amount > credit.balance:
        raise InsufficientBalance(
            _("%(amount)s asked, the balance is %(balance)s.")
            % {"amount": amount, "balance": credit.balance}
        )
    credit.balance -= amount
    if credit.balance == 0:
        credit.use_up()
    save_with_history(credit, actor=actor, reason=_("redeemed %(amount)s") % {"amount": amount})
    redemption = Redemption(
        store_credit=credit, amount=amount, order_reference=order_reference, redeemed_by=actor
    )
    save_with_history(redemption, actor=actor, reason=_("redeemed"))
    return redemption


@transaction.atomic
def store_credit_void(*, credit: StoreCredit, actor, reason: str) -> StoreCredit:
    """Withdraw a store credit; raises ReasonRequired, TransitionNotAllowed."""
    reason = _require_reason(reason)
    credit = StoreCredit.objects.select_for_update().select_related("merchant").get(pk=credit.pk)
    ensure_assigned(actor, credit.merchant)
    run_transition(credit, "void", actor=actor, reason=reason)
    return credit


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


@transaction.atomic
def refund_record_fraud_decision(
    *, refund: Refund, decision: FraudDecision, actor, reason: str
) -> Refund:
    """Record a fraud decision reached outside a screening (a supervisor's review) on the
    refund, with why; a refund that already has it is left alone. Raises NotAssigned."""
    refund = _lock_refund(refund)
    ensure_assigned(actor, refund.merchant)
    if refund.fraud_decision != decision:
        refund.fraud_decision = FraudDecision(decision)
        save_with_history(refund, actor=actor, reason=reason)
    return refund
