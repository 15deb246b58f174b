from dataclasses import dataclass
from decimal import Decimal

import pytest

from refunds import services
from refunds.choices import Alternative, ApprovalReason, RefundMethod, RefundState
from refunds.exceptions import (
    ApprovalLimitExceeded,
    FourEyesViolation,
    InvalidRefund,
    ReasonRequired,
    RefundExceedsRefundable,
)
from refunds.models import Refund
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from tests.factories import UserFactory
from tests.refunds.factories import RefundBatchFactory, RefundFactory, order_with_line

pytestmark = pytest.mark.django_db

S = RefundState


@dataclass(frozen=True)
class Step:
    """One transition of the design's diagram, as the service performs it."""

    name: str
    source: str
    target: str
    allowed_role: str  # a conftest fixture whose role may take the step
    denied_role: str  # one whose role may not
    wrong_source: str

    def perform(self, refund, actor, reason="because the test says so"):
        match self.name:
            case "validate":
                return services.refund_validate(refund=refund, actor=actor, reason=reason)
            case "approve":
                return services.refund_approve(refund=refund, actor=actor, reason=reason)
            case "escalate":
                return services.refund_escalate(refund=refund, actor=actor, reason=reason)
            case "hold":
                return services.refund_hold(refund=refund, actor=actor, reason=reason)
            case "approve_exception":
                return services.refund_approve_exception(refund=refund, actor=actor, reason=reason)
            case "reject":
                return services.refund_reject(
                    refund=refund, actor=actor, reason=reason, alternative=Alternative.EXCHANGE
                )
            case "add_to_batch":
                batch = RefundBatchFactory(merchant=refund.merchant)
                return services.refund_add_to_batch(refund=refund, actor=actor, batch=batch)
            case "mark_paid":
                return services.refund_mark_paid(
                    refund=refund, actor=actor, payment_reference="BANK-1"
                )
            case "mark_failed":
                return services.refund_mark_failed(refund=refund, actor=actor, reason=reason)
            case "retry":
                return services.refund_retry(refund=refund, actor=actor, reason=reason)
            case "cancel":
                return services.refund_cancel(refund=refund, actor=actor, reason=reason)
        raise AssertionError(self.name)


STEPS = [
    Step("validate", S.REQUESTED, S.VALIDATED, "agent", "finance_user", S.APPROVED),
    Step("approve", S.VALIDATED, S.APPROVED, "agent", "finance_user", S.REQUESTED),
    Step("escalate", S.REQUESTED, S.PENDING_APPROVAL, "agent", "finance_user", S.APPROVED),
    Step("hold", S.VALIDATED, S.PENDING_APPROVAL, "supervisor", "agent", S.APPROVED),
    Step("approve_exception", S.PENDING_APPROVAL, S.APPROVED, "supervisor", "agent", S.VALIDATED),
    Step("reject", S.PENDING_APPROVAL, S.REJECTED, "supervisor", "agent", S.APPROVED),
    Step("add_to_batch", S.APPROVED, S.BATCHED, "finance_user", "agent", S.VALIDATED),
    Step("mark_paid", S.BATCHED, S.PAID, "finance_user", "supervisor", S.APPROVED),
    Step("mark_failed", S.BATCHED, S.FAILED, "finance_user", "supervisor", S.PAID),
    Step("retry", S.FAILED, S.APPROVED, "finance_user", "agent", S.BATCHED),
    Step("cancel", S.APPROVED, S.CANCELLED, "agent", "finance_user", S.BATCHED),
]
ids = [step.name for step in STEPS]


def _refund(merchant, state, **fields):
    return RefundFactory(merchant=merchant, state=state, **fields)


def _whole_order_line(refund):
    """The case's order line, made worth the whole order (one line, no delivery costs)."""
    line = refund.case.lines.first().order_line
    line.quantity, line.unit_price = 1, refund.order.total_amount
    line.save()
    return line


def _unchanged(refund, state, history_count):
    refund.refresh_from_db()
    assert refund.state == state
    assert refund.history.count() == history_count


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_allowed_and_leaves_its_history_row(request, merchant, step):
    actor = request.getfixturevalue(step.allowed_role)
    refund = _refund(merchant, step.source)

    step.perform(refund, actor, reason="checked with the customer")

    refund.refresh_from_db()
    assert refund.state == step.target
    last = refund.history.first()
    assert last.state == step.target
    assert last.history_user == actor
    assert last.history_change_reason.strip()
    if step.name not in ("add_to_batch", "mark_paid"):  # these two write their own reason
        assert "checked with the customer" in last.history_change_reason


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_not_allowed_from_a_wrong_state(request, merchant, step):
    actor = request.getfixturevalue(step.allowed_role)
    refund = _refund(merchant, step.wrong_source)
    before = refund.history.count()

    with pytest.raises(TransitionNotAllowed) as raised:
        step.perform(refund, actor)

    assert step.name.replace("_", " ") in raised.value.message
    assert refund.get_state_display().lower() in raised.value.message
    _unchanged(refund, step.wrong_source, before)


@pytest.mark.parametrize("role", ["denied", "auditor"])
@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_refused_to_a_role_without_its_permission(request, merchant, step, role):
    actor = request.getfixturevalue(step.denied_role if role == "denied" else "auditor")
    refund = _refund(merchant, step.source)
    before = refund.history.count()

    with pytest.raises((ActionNotPermitted, ApprovalLimitExceeded)):
        step.perform(refund, actor)

    _unchanged(refund, step.source, before)


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_refused_to_staff_of_another_merchant(merchant, outsider, step):
    refund = _refund(merchant, step.source)
    before = refund.history.count()

    with pytest.raises(NotAssigned):
        step.perform(refund, outsider)

    _unchanged(refund, step.source, before)


# Requests


def _request(actor, case, line, *, amount=None, **options):
    reason = case.lines.first().reason
    return services.refund_request(
        actor=actor,
        case=case,
        lines=[services.RefundLineInput(line, 1, reason, amount)],
        **options,
    )


def test_request_inside_the_policy_and_limit_stays_requested(agent, merchant):
    _order, line, case = order_with_line(merchant)

    refund = _request(agent, case, line)

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

    refund = _request(agent, case, line)

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

    refund = _request(agent, case, line)

    refund.refresh_from_db()
    assert refund.state == S.PENDING_APPROVAL
    assert refund.approval_reason == ApprovalReason.OVER_AGENT_LIMIT
    assert "40.00" in refund.history.first().history_change_reason


def test_request_over_what_the_order_can_still_refund_is_refused(agent, merchant):
    _order, line, case = order_with_line(merchant, total=Decimal("80.00"))
    _request(agent, case, line)

    with pytest.raises(RefundExceedsRefundable) as raised:
        _request(agent, case, line)

    assert "30.00" in raised.value.message  # what is left
    assert Refund.objects.filter(case=case).count() == 1


def test_released_refunds_no_longer_count_against_the_order(agent, merchant):
    refund = _refund(merchant, S.CANCELLED, amount=Decimal("100.00"))
    line = _whole_order_line(refund)

    again = _request(agent, refund.case, line, amount=Decimal("100.00"))

    assert again.amount == Decimal("100.00")


def test_bank_transfer_with_a_valid_iban_stores_it_compact(agent, merchant):
    _order, line, case = order_with_line(merchant)

    refund = _request(
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
        _request(agent, case, line, method=RefundMethod.BANK_TRANSFER, iban=iban)

    assert "IBAN" in raised.value.message
    assert not Refund.objects.filter(case=case).exists()


def test_request_of_a_line_of_another_order_is_refused(agent, merchant):
    _order, _line, case = order_with_line(merchant)
    _other_order, other_line, _other_case = order_with_line(merchant)

    with pytest.raises(InvalidRefund):
        _request(agent, case, other_line)


def test_request_by_a_role_without_the_permission_is_refused(finance_user, merchant):
    _order, line, case = order_with_line(merchant)

    with pytest.raises(ActionNotPermitted):
        _request(finance_user, case, line)


# Approvals: limits and four eyes


def test_agent_cannot_approve_above_the_merchant_limit(agent, supervisor, merchant):
    refund = _refund(merchant, S.VALIDATED, amount=Decimal("150.00"), order_total=Decimal("200"))

    with pytest.raises(ApprovalLimitExceeded) as raised:
        services.refund_approve(refund=refund, actor=agent)

    assert "100.00" in raised.value.message
    _unchanged(refund, S.VALIDATED, 1)
    services.refund_approve(refund=refund, actor=supervisor, reason="checked")
    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == supervisor


def test_agent_may_approve_up_to_the_merchant_limit(agent, merchant):
    refund = _refund(merchant, S.VALIDATED, amount=Decimal("100.00"))

    services.refund_approve(refund=refund, actor=agent)

    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == agent
    assert refund.approved_at is not None


def test_supervisor_cannot_approve_an_exception_they_requested(supervisor, merchant):
    second = UserFactory(username="sue.second")
    second.groups.set(supervisor.groups.all())
    merchant.staff.add(second)
    refund = _refund(merchant, S.PENDING_APPROVAL, requested_by=supervisor)

    with pytest.raises(FourEyesViolation):
        services.refund_approve_exception(refund=refund, actor=supervisor, reason="fine by me")

    _unchanged(refund, S.PENDING_APPROVAL, 1)
    services.refund_approve_exception(refund=refund, actor=second, reason="fine by me")
    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.approved_by == second


def test_supervisor_cannot_approve_their_own_request_over_the_limit(supervisor, merchant):
    refund = _refund(
        merchant,
        S.VALIDATED,
        amount=Decimal("150.00"),
        order_total=Decimal("200"),
        requested_by=supervisor,
    )

    with pytest.raises(FourEyesViolation):
        services.refund_approve(refund=refund, actor=supervisor)

    _unchanged(refund, S.VALIDATED, 1)


def test_supervisor_request_sent_to_the_queue_cannot_be_approved_by_its_requester(
    supervisor, merchant
):
    _order, line, case = order_with_line(merchant)
    case.inside_policy = False
    case.save()
    refund = _request(supervisor, case, line)
    assert refund.state == S.PENDING_APPROVAL

    with pytest.raises(FourEyesViolation):
        services.refund_approve_exception(refund=refund, actor=supervisor, reason="ok")


@pytest.mark.parametrize("name", ["escalate", "hold", "approve_exception", "reject", "cancel"])
def test_decisions_need_a_reason(supervisor, merchant, name):
    step = next(step for step in STEPS if step.name == name)
    refund = _refund(merchant, step.source)

    with pytest.raises(ReasonRequired):
        step.perform(refund, supervisor, reason="  ")

    _unchanged(refund, step.source, 1)


def test_fraud_block_stops_validation(agent, merchant):
    refund = _refund(merchant, S.REQUESTED, fraud_decision="block")

    with pytest.raises(TransitionNotAllowed):
        services.refund_validate(refund=refund, actor=agent)

    _unchanged(refund, S.REQUESTED, 1)


# Paying, failing, retrying


def test_paid_refund_cannot_be_paid_again(finance_user, merchant):
    refund = _refund(merchant, S.BATCHED)
    services.refund_mark_paid(refund=refund, actor=finance_user, payment_reference="BANK-1")

    with pytest.raises(TransitionNotAllowed):
        services.refund_mark_paid(refund=refund, actor=finance_user, payment_reference="BANK-2")

    refund.refresh_from_db()
    assert refund.payment_reference == "BANK-1"
    assert refund.paid_by == finance_user
    assert refund.history.filter(state=S.PAID).count() == 1


def test_add_to_a_listing_of_another_merchant_is_refused(finance_user, merchant, other_merchant):
    refund = _refund(merchant, S.APPROVED)
    batch = RefundBatchFactory(merchant=other_merchant)

    with pytest.raises(InvalidRefund):
        services.refund_add_to_batch(refund=refund, actor=finance_user, batch=batch)

    _unchanged(refund, S.APPROVED, 1)


def test_add_to_an_exported_listing_is_refused(finance_user, merchant):
    refund = _refund(merchant, S.APPROVED)
    batch = RefundBatchFactory(merchant=merchant, state="exported")

    with pytest.raises(InvalidRefund):
        services.refund_add_to_batch(refund=refund, actor=finance_user, batch=batch)

    _unchanged(refund, S.APPROVED, 1)


def test_retry_is_refused_when_the_order_was_refunded_meanwhile(agent, finance_user, merchant):
    failed = _refund(merchant, S.FAILED, amount=Decimal("60.00"))
    line = _whole_order_line(failed)
    # The failed refund released its 60.00; another refund took it meanwhile.
    _request(agent, failed.case, line, amount=Decimal("60.00"))

    with pytest.raises(RefundExceedsRefundable) as raised:
        services.refund_retry(refund=failed, actor=finance_user, reason="new bank details")

    assert "40.00" in raised.value.message
    _unchanged(failed, S.FAILED, 1)


def test_retry_puts_a_failed_refund_back_to_approved_without_its_listing(finance_user, merchant):
    refund = _refund(merchant, S.FAILED)

    services.refund_retry(refund=refund, actor=finance_user, reason="new bank details")

    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    assert refund.batch is None


def test_partial_refunds_of_one_line_add_up_to_at_most_what_the_line_cost(agent, merchant):
    _order, line, case = order_with_line(
        merchant, total=Decimal("200.00"), unit_price=Decimal("50.00"), quantity=1
    )
    _request(agent, case, line, amount=Decimal("30.00"))
    _request(agent, case, line, amount=Decimal("20.00"))  # the rest of the line: fine

    with pytest.raises(RefundExceedsRefundable) as raised:
        _request(agent, case, line, amount=Decimal("0.01"))

    assert line.sku in raised.value.message
    assert "50.00" in raised.value.message  # what the line cost
    assert Refund.objects.filter(case=case).count() == 2


def test_a_retried_refund_is_refused_when_its_line_was_refunded_meanwhile(
    agent, supervisor, merchant
):
    _order, line, case = order_with_line(
        merchant, total=Decimal("200.00"), unit_price=Decimal("50.00"), quantity=1
    )
    failed = _request(agent, case, line, amount=Decimal("50.00"))
    Refund.objects.filter(pk=failed.pk).update(state=S.FAILED)
    _request(agent, case, line, amount=Decimal("50.00"))  # the failed one released the line

    with pytest.raises(RefundExceedsRefundable):
        services.refund_retry(refund=failed, actor=supervisor, reason="bank fixed")

    failed.refresh_from_db()
    assert failed.state == S.FAILED
