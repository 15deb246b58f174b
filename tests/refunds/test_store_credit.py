import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from refunds import services
from refunds.choices import Alternative, RefundState, StoreCreditState
from refunds.exceptions import (
    InsufficientBalance,
    InvalidRefund,
    StoreCreditNotFound,
    StoreCreditUnavailable,
)
from refunds.models import Redemption, StoreCredit
from returns.common.exceptions import ActionNotPermitted
from returns.models import Shipment
from tests.refunds.factories import RefundFactory, StoreCreditFactory

pytestmark = pytest.mark.django_db


def _pending(merchant, **fields):
    return RefundFactory(merchant=merchant, state=RefundState.PENDING_APPROVAL, **fields)


def test_rejection_with_store_credit_issues_a_redeemable_credit(supervisor, agent, merchant):
    refund = _pending(merchant)

    rejection = services.refund_reject(
        refund=refund,
        actor=supervisor,
        reason="returned after the window",
        alternative=Alternative.STORE_CREDIT,
    )

    refund.refresh_from_db()
    assert refund.state == RefundState.REJECTED
    assert refund.alternative == Alternative.STORE_CREDIT
    assert refund.decision_reason == "returned after the window"
    credit = StoreCredit.objects.get()
    assert rejection.store_credit == credit
    assert credit.customer == refund.case.customer
    assert credit.case == refund.case
    assert credit.initial_value == credit.balance == refund.amount
    assert credit.state == StoreCreditState.ACTIVE
    # The code is handed out once: the row keeps its hash and last four characters only.
    code = rejection.store_credit_code
    assert len(code.replace("-", "")) == 16
    normalized = code.replace("-", "").upper()
    assert credit.code_hash == hashlib.sha256(normalized.encode()).hexdigest()
    assert credit.code_last4 == code[-4:]
    stored = [str(value) for value in StoreCredit.objects.values_list().get()]
    assert not any(normalized in value.replace("-", "") for value in stored)
    history = credit.history.get()
    assert history.history_user == supervisor
    assert refund.reference in history.history_change_reason

    redemption = services.store_credit_redeem(
        merchant=merchant, code=code.lower(), amount=Decimal("20.00"), actor=agent
    )

    credit.refresh_from_db()
    assert credit.balance == Decimal("30.00")
    assert redemption.amount == Decimal("20.00")
    assert redemption.redeemed_by == agent


def test_rejection_with_a_chosen_store_credit_value(supervisor, merchant):
    refund = _pending(merchant)

    rejection = services.refund_reject(
        refund=refund,
        actor=supervisor,
        reason="goodwill",
        alternative=Alternative.STORE_CREDIT,
        credit_amount=Decimal("65.00"),
    )

    assert rejection.store_credit.initial_value == Decimal("65.00")


def test_rejection_with_exchange_ships_a_replacement(supervisor, merchant):
    refund = _pending(merchant)

    rejection = services.refund_reject(
        refund=refund, actor=supervisor, reason="exchange instead", alternative=Alternative.EXCHANGE
    )

    assert rejection.store_credit is None
    assert rejection.store_credit_code == ""
    shipment = Shipment.objects.get(case=refund.case)
    assert shipment.status == "to_ship"
    assert shipment.lines.count() == refund.case.lines.count()
    assert not StoreCredit.objects.exists()


def test_rejection_needs_a_known_alternative(supervisor, merchant):
    refund = _pending(merchant)

    with pytest.raises(InvalidRefund):
        services.refund_reject(refund=refund, actor=supervisor, reason="no", alternative="")

    refund.refresh_from_db()
    assert refund.state == RefundState.PENDING_APPROVAL


def test_redeeming_to_zero_uses_the_credit_up(agent, merchant):
    StoreCreditFactory(merchant=merchant, code="AAAA-BBBB-CCCC-DDDD")

    services.store_credit_redeem(
        merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=Decimal("60"), actor=agent
    )
    services.store_credit_redeem(
        merchant=merchant, code="AAAABBBBCCCCDDDD", amount=Decimal("40"), actor=agent
    )

    credit = StoreCredit.objects.get()
    assert credit.balance == Decimal("0.00")
    assert credit.state == StoreCreditState.USED_UP
    assert sum(r.amount for r in Redemption.objects.all()) == credit.initial_value
    with pytest.raises(StoreCreditUnavailable):
        services.store_credit_redeem(
            merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=Decimal("1"), actor=agent
        )


def test_redeeming_more_than_the_balance_is_refused(agent, merchant):
    StoreCreditFactory(merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", initial_value=Decimal("30"))

    with pytest.raises(InsufficientBalance) as raised:
        services.store_credit_redeem(
            merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=Decimal("30.01"), actor=agent
        )

    assert "30.00" in raised.value.message
    assert StoreCredit.objects.get().balance == Decimal("30.00")
    assert not Redemption.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_redeeming_nothing_is_refused(agent, merchant, amount):
    StoreCreditFactory(merchant=merchant, code="AAAA-BBBB-CCCC-DDDD")

    with pytest.raises(InvalidRefund):
        services.store_credit_redeem(
            merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=amount, actor=agent
        )


def test_unknown_code_or_another_merchants_code_is_not_found(agent, merchant, other_merchant):
    StoreCreditFactory(merchant=other_merchant, code="AAAA-BBBB-CCCC-DDDD")

    for code in ("AAAA-BBBB-CCCC-DDDD", "ZZZZ-ZZZZ-ZZZZ-ZZZZ"):
        with pytest.raises(StoreCreditNotFound):
            services.store_credit_redeem(
                merchant=merchant, code=code, amount=Decimal("1"), actor=agent
            )


def test_expired_credit_cannot_be_redeemed(agent, merchant):
    StoreCreditFactory(
        merchant=merchant,
        code="AAAA-BBBB-CCCC-DDDD",
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    with pytest.raises(StoreCreditUnavailable):
        services.store_credit_redeem(
            merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=Decimal("1"), actor=agent
        )

    assert StoreCredit.objects.get().balance == Decimal("100.00")


def test_supervisor_voids_a_credit_and_it_can_no_longer_be_redeemed(supervisor, agent, merchant):
    credit = StoreCreditFactory(merchant=merchant, code="AAAA-BBBB-CCCC-DDDD")

    services.store_credit_void(credit=credit, actor=supervisor, reason="issued by mistake")

    credit.refresh_from_db()
    assert credit.state == StoreCreditState.VOID
    record = credit.history.first()
    assert record.history_user == supervisor
    assert record.history_change_reason == "issued by mistake"
    with pytest.raises(StoreCreditUnavailable):
        services.store_credit_redeem(
            merchant=merchant, code="AAAA-BBBB-CCCC-DDDD", amount=Decimal("1"), actor=agent
        )


def test_agent_cannot_void_a_credit(agent, merchant):
    credit = StoreCreditFactory(merchant=merchant, code="AAAA-BBBB-CCCC-DDDD")

    with pytest.raises(ActionNotPermitted):
        services.store_credit_void(credit=credit, actor=agent, reason="no")

    credit.refresh_from_db()
    assert credit.state == StoreCreditState.ACTIVE


@pytest.mark.parametrize("path", ["approve", "approve_exception"])
def test_a_refund_in_store_credit_is_paid_in_credit_when_approved(
    path, agent, supervisor, merchant, django_capture_on_commit_callbacks
):
    from refunds.choices import RefundMethod
    from refunds.models import Refund
    from returns.choices import NotificationKind
    from returns.demo.notification_templates import seed_templates
    from returns.models import Notification

    seed_templates()
    state = RefundState.VALIDATED if path == "approve" else RefundState.PENDING_APPROVAL
    refund = RefundFactory(
        merchant=merchant, state=state, method=RefundMethod.STORE_CREDIT, requested_by=agent
    )
    approve = getattr(services, f"refund_{path}")

    with django_capture_on_commit_callbacks(execute=True):
        approve(refund=refund, actor=supervisor, reason="goodwill")

    refund.refresh_from_db()
    credit = StoreCredit.objects.get(case=refund.case)
    assert refund.state == RefundState.PAID
    assert (refund.paid_by, credit.initial_value, credit.balance) == (
        supervisor,
        refund.amount,
        refund.amount,
    )
    assert credit.code_last4 in refund.payment_reference
    assert refund.batch is None  # never in a bank listing
    assert not Refund.objects.filter(state=RefundState.APPROVED).exists()
    (message,) = Notification.objects.filter(case=refund.case)
    assert message.kind == NotificationKind.DECISION_STORE_CREDIT
    assert "••••" in message.body_text  # the stored copy keeps the code masked
    (sent,) = mail.outbox  # the customer's e-mail carries it whole
    code = next(word.strip(".,()") for word in sent.body.split() if credit.code_last4 in word)
    redemption = services.store_credit_redeem(
        merchant=merchant, code=code, amount=Decimal("1.00"), actor=agent
    )
    assert redemption.store_credit == credit
    assert [record.state for record in refund.history.order_by("history_id")][-2:] == [
        RefundState.APPROVED,
        RefundState.PAID,
    ]
