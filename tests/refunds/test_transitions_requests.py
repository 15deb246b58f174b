"""Requesting a refund: the policy, the agent's limit, what the order can still refund, the IBAN."""

from decimal import Decimal

import pytest

from refunds.choices import ApprovalReason, RefundMethod, RefundState
from refunds.exceptions import InvalidRefund, RefundExceedsRefundable
from refunds.models import Refund
from returns.common.exceptions import ActionNotPermitted
from tests.refunds.factories import order_with_line
from tests.refunds.transition_helpers import refund_in, request_refund, whole_order_line

pytestmark = pytest.mark.django_db

S = RefundState


def test_request_inside_the_policy_and_limit_stays_requested(agent, merchant):
    _order, line, case = order_with_line(merchant)

    refund = request_refund(agent, case, line)

    assert refund.state == S.REQUESTED
    assert refund.amount == Decimal("50.00")
    assert refund.lines.get().amount == Decimal("50.00")
    record = refund.history.get()
    assert record.history_user == agent
    assert record.history_change_reason


def test_request_outside_the_policy_waits_for_a_supervisor(agent, merchant):
    _order, line, case = order_with_line(merchant)
    case.inside_policy = False
    case.save()

    refund = request_refund(agent, case, line)

    refund.refresh_from_db()
    assert refund.state == S.PENDING_APPROVAL
    assert refund.approval_reason == ApprovalReason.OUT_OF_POLICY
    assert not refund.inside_policy
    escalated = refund.history.first()
    assert escalated.state == S.PENDING_APPROVAL
    assert escalated.history_user == agent
    assert "policy" in escalated.history_change_reason


def test_request_over_the_agent_limit_waits_for_a_supervisor(agent, merchant):
    merchant.agent_approval_limit = Decimal("40.00")
    merchant.save()
    _order, line, case = order_with_line(merchant)

    refund = request_refund(agent, case, line)

    refund.refresh_from_db()
    assert refund.state == S.PENDING_APPROVAL
    assert refund.approval_reason == ApprovalReason.OVER_AGENT_LIMIT
    assert "40.00" in refund.history.first().history_change_reason


def test_request_over_what_the_order_can_still_refund_is_refused(agent, merchant):
    _order, line, case = order_with_line(merchant, total=Decimal("80.00"))
    request_refund(agent, case, line)

    with pytest.raises(RefundExceedsRefundable) as raised:
        request_refund(agent, case, line)

    assert "30.00" in raised.value.message  # what is left
    assert Refund.objects.filter(case=case).count() == 1


def test_released_refunds_no_longer_count_against_the_order(agent, merchant):
    refund = refund_in(merchant, S.CANCELLED, amount=Decimal("100.00"))
    line = whole_order_line(refund)

    again = request_refund(agent, refund.case, line, amount=Decimal("100.00"))

    assert again.amount == Decimal("100.00")


def test_bank_transfer_with_a_valid_iban_stores_it_compact(agent, merchant):
    _order, line, case = order_with_line(merchant)

    refund = request_refund(
        agent,
        case,
        line,
        method=RefundMethod.BANK_TRANSFER,
        iban="DE89 3704 0044 0532 0130 00",
        account_holder="Erika Mustermann",
    )

    refund.refresh_from_db()
    assert refund.iban == "DE89370400440532013000"


@pytest.mark.parametrize(
    "iban",
    ["DE89 3704 0044 0532 0130 01", "DE00 3704 0044 0532 0130 00", ""],
    ids=["bad-checksum", "bad-check-digits", "missing"],
)
def test_bank_transfer_needs_a_valid_iban(agent, merchant, iban):
    _order, line, case = order_with_line(merchant)

    with pytest.raises(InvalidRefund) as raised:
        request_refund(agent, case, line, method=RefundMethod.BANK_TRANSFER, iban=iban)

    assert "IBAN" in raised.value.message
    assert not Refund.objects.filter(case=case).exists()


def test_request_of_a_line_of_another_order_is_refused(agent, merchant):
    _order, _line, case = order_with_line(merchant)
    _other_order, other_line, _other_case = order_with_line(merchant)

    with pytest.raises(InvalidRefund):
        request_refund(agent, case, other_line)


def test_request_by_a_role_without_the_permission_is_refused(finance_user, merchant):
    _order, line, case = order_with_line(merchant)

    with pytest.raises(ActionNotPermitted):
        request_refund(finance_user, case, line)
