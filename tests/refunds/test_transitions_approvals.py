"""Approving refunds: the merchant's limit, four eyes, reasons for decisions, fraud blocks."""

from decimal import Decimal

import pytest

from refunds import services
from refunds.choices import RefundState
from refunds.exceptions import ApprovalLimitExceeded, FourEyesViolation, ReasonRequired
from returns.common.exceptions import TransitionNotAllowed
from tests.factories import UserFactory
from tests.refunds.factories import order_with_line
from tests.refunds.transition_helpers import STEPS, assert_unchanged, refund_in, request_refund

pytestmark = pytest.mark.django_db

S = RefundState


def test_agent_cannot_approve_above_the_merchant_limit(agent, supervisor, merchant):
    refund = refund_in(merchant, S.VALIDATED, amount=Decimal("150.00"), order_total=Decimal("200"))

    with pytest.raises(ApprovalLimitExceeded) as raised:
        services.refund_approve(refund=refund, actor=agent)

    assert "100.00" in raised.value.message
    assert_unchanged(refund, S.VALIDATED, 1)
    services.refund_approve(refund=refund, actor=supervisor, reason="checked")
    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == supervisor


def test_agent_may_approve_up_to_the_merchant_limit(agent, merchant):
    refund = refund_in(merchant, S.VALIDATED, amount=Decimal("100.00"))

    services.refund_approve(refund=refund, actor=agent)

    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == agent
    assert refund.approved_at is not None


def test_supervisor_cannot_approve_an_exception_they_requested(supervisor, merchant):
    second = UserFactory(username="sue.second")
    second.groups.set(supervisor.groups.all())
    merchant.staff.add(second)
    refund = refund_in(merchant, S.PENDING_APPROVAL, requested_by=supervisor)

    with pytest.raises(FourEyesViolation):
        services.refund_approve_exception(refund=refund, actor=supervisor, reason="fine by me")

    assert_unchanged(refund, S.PENDING_APPROVAL, 1)
    services.refund_approve_exception(refund=refund, actor=second, reason="fine by me")
    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == second


def test_supervisor_cannot_approve_their_own_request_over_the_limit(supervisor, merchant):
    refund = refund_in(
        merchant,
        S.VALIDATED,
        amount=Decimal("150.00"),
        order_total=Decimal("200"),
        requested_by=supervisor,
    )

    with pytest.raises(FourEyesViolation):
        services.refund_approve(refund=refund, actor=supervisor)

    assert_unchanged(refund, S.VALIDATED, 1)


def test_supervisor_request_sent_to_the_queue_cannot_be_approved_by_its_requester(
    supervisor, merchant
):
    _order, line, case = order_with_line(merchant)
    case.inside_policy = False
    case.save()
    refund = request_refund(supervisor, case, line)
    assert refund.state == S.PENDING_APPROVAL

    with pytest.raises(FourEyesViolation):
        services.refund_approve_exception(refund=refund, actor=supervisor, reason="ok")


@pytest.mark.parametrize("name", ["escalate", "hold", "approve_exception", "reject", "cancel"])
def test_decisions_need_a_reason(supervisor, merchant, name):
    step = next(step for step in STEPS if step.name == name)
    refund = refund_in(merchant, step.source)

    with pytest.raises(ReasonRequired):
        step.perform(refund, supervisor, reason="  ")

    assert_unchanged(refund, step.source, 1)


def test_fraud_block_stops_validation(agent, merchant):
    refund = refund_in(merchant, S.REQUESTED, fraud_decision="block")

    with pytest.raises(TransitionNotAllowed):
        services.refund_validate(refund=refund, actor=agent)

    assert_unchanged(refund, S.REQUESTED, 1)
