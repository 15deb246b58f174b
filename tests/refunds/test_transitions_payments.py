"""Paying, failing and retrying refunds, and what one order line can still refund."""

from decimal import Decimal

import pytest

from refunds import services
from refunds.choices import RefundState
from refunds.exceptions import InvalidRefund, RefundExceedsRefundable
from refunds.models import Refund
from returns.common.exceptions import TransitionNotAllowed
from tests.refunds.factories import RefundBatchFactory, order_with_line
from tests.refunds.transition_helpers import (
    assert_unchanged,
    refund_in,
    request_refund,
    whole_order_line,
)

pytestmark = pytest.mark.django_db

S = RefundState


def test_paid_refund_cannot_be_paid_again(finance_user, merchant):
    refund = refund_in(merchant, S.BATCHED)
    services.refund_mark_paid(refund=refund, actor=finance_user, payment_reference="BANK-1")

    with pytest.raises(TransitionNotAllowed):
        services.refund_mark_paid(refund=refund, actor=finance_user, payment_reference="BANK-2")

    refund.refresh_from_db()
    assert refund.payment_reference == "BANK-1"
    assert refund.paid_by == finance_user
    assert refund.history.filter(state=S.PAID).count() == 1


def test_add_to_a_listing_of_another_merchant_is_refused(finance_user, merchant, other_merchant):
    refund = refund_in(merchant, S.APPROVED)
    batch = RefundBatchFactory(merchant=other_merchant)

    with pytest.raises(InvalidRefund):
        services.refund_add_to_batch(refund=refund, actor=finance_user, batch=batch)

    assert_unchanged(refund, S.APPROVED, 1)


def test_add_to_an_exported_listing_is_refused(finance_user, merchant):
    refund = refund_in(merchant, S.APPROVED)
    batch = RefundBatchFactory(merchant=merchant, state="exported")

    with pytest.raises(InvalidRefund):
        services.refund_add_to_batch(refund=refund, actor=finance_user, batch=batch)

    assert_unchanged(refund, S.APPROVED, 1)


def test_retry_is_refused_when_the_order_was_refunded_meanwhile(agent, finance_user, merchant):
    failed = refund_in(merchant, S.FAILED, amount=Decimal("60.00"))
    line = whole_order_line(failed)
    # The failed refund released its 60.00; another refund took it meanwhile.
    request_refund(agent, failed.case, line, amount=Decimal("60.00"))

    with pytest.raises(RefundExceedsRefundable) as raised:
        services.refund_retry(refund=failed, actor=finance_user, reason="new bank details")

    assert "40.00" in raised.value.message
    assert_unchanged(failed, S.FAILED, 1)


def test_retry_puts_a_failed_refund_back_to_approved_without_its_listing(finance_user, merchant):
    refund = refund_in(merchant, S.FAILED)

    services.refund_retry(refund=refund, actor=finance_user, reason="new bank details")

    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.batch is None


def test_partial_refunds_of_one_line_add_up_to_at_most_what_the_line_cost(agent, merchant):
    _order, line, case = order_with_line(
        merchant, total=Decimal("200.00"), unit_price=Decimal("50.00"), quantity=1
    )
    request_refund(agent, case, line, amount=Decimal("30.00"))
    request_refund(agent, case, line, amount=Decimal("20.00"))  # the rest of the line: fine

    with pytest.raises(RefundExceedsRefundable) as raised:
        request_refund(agent, case, line, amount=Decimal("0.01"))

    assert line.sku in raised.value.message
    assert "50.00" in raised.value.message  # what the line cost
    assert Refund.objects.filter(case=case).count() == 2


def test_a_retried_refund_is_refused_when_its_line_was_refunded_meanwhile(
    agent, supervisor, merchant
):
    _order, line, case = order_with_line(
        merchant, total=Decimal("200.00"), unit_price=Decimal("50.00"), quantity=1
    )
    failed = request_refund(agent, case, line, amount=Decimal("50.00"))
    Refund.objects.filter(pk=failed.pk).update(state=S.FAILED)
    request_refund(agent, case, line, amount=Decimal("50.00"))  # the failed one released the line

    with pytest.raises(RefundExceedsRefundable):
        services.refund_retry(refund=failed, actor=supervisor, reason="bank fixed")

    failed.refresh_from_db()
    assert failed.state == S.FAILED
