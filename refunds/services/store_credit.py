"""Store credit: issued with a code shown once, redeemed never below zero, voided."""

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from refunds.choices import (
    StoreCreditState,
)
from refunds.events import store_credit_facts
from refunds.exceptions import (
    InsufficientBalance,
    InvalidRefund,
    StoreCreditNotFound,
    StoreCreditUnavailable,
)
from refunds.models import Redemption, StoreCredit
from refunds.services.base import require_reason
from returns.common import events
from returns.common.money import quantize
from returns.common.references import ALPHABET
from returns.common.transitions import ensure_assigned, run_transition, save_with_history
from returns.models import Customer, Merchant, ReturnCase

STORE_CREDIT_VALID_DAYS = 365


def hash_code(code: str) -> str:
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
        code_hash=hash_code(code),
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
        .filter(merchant=merchant, code_hash=hash_code(code))
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
    reason = require_reason(reason)
    credit = StoreCredit.objects.select_for_update().select_related("merchant").get(pk=credit.pk)
    ensure_assigned(actor, credit.merchant)
    run_transition(credit, "void", actor=actor, reason=reason)
    return credit
