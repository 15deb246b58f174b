"""Every refund transition: allowed with its history row, else refused and leaving no trace."""

import pytest

from refunds.choices import RefundState
from refunds.exceptions import ApprovalLimitExceeded
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from tests.refunds.transition_helpers import STEPS, assert_unchanged, refund_in

pytestmark = pytest.mark.django_db

S = RefundState


ids = [step.name for step in STEPS]


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_allowed_and_leaves_its_history_row(request, merchant, step):
    actor = request.getfixturevalue(step.allowed_role)
    refund = refund_in(merchant, step.source)

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
    refund = refund_in(merchant, step.wrong_source)
    before = refund.history.count()

    with pytest.raises(TransitionNotAllowed) as raised:
        step.perform(refund, actor)

    assert step.name.replace("_", " ") in raised.value.message
    assert refund.get_state_display().lower() in raised.value.message
    assert_unchanged(refund, step.wrong_source, before)


@pytest.mark.parametrize("role", ["denied", "auditor"])
@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_refused_to_a_role_without_its_permission(request, merchant, step, role):
    actor = request.getfixturevalue(step.denied_role if role == "denied" else "auditor")
    refund = refund_in(merchant, step.source)
    before = refund.history.count()

    with pytest.raises((ActionNotPermitted, ApprovalLimitExceeded)):
        step.perform(refund, actor)

    assert_unchanged(refund, step.source, before)


@pytest.mark.parametrize("step", STEPS, ids=ids)
def test_transition_is_refused_to_staff_of_another_merchant(merchant, outsider, step):
    refund = refund_in(merchant, step.source)
    before = refund.history.count()

    with pytest.raises(NotAssigned):
        step.perform(refund, outsider)

    assert_unchanged(refund, step.source, before)
