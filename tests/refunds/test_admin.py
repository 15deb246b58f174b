from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from refunds.choices import RefundState
from refunds.models import Refund, RefundBatch
from tests.factories import ReturnCaseFactory, UserFactory
from tests.refunds.factories import RefundFactory

pytestmark = pytest.mark.django_db

S = RefundState


def _messages(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def _transition(client, refund, name, data=None):
    url = reverse("admin:refunds_refund_transition", args=[refund.pk, name])
    return client.post(url, data or {})


def _buttons(client, refund):
    response = client.get(reverse("admin:refunds_refund_change", args=[refund.pk]))
    assert response.status_code == 200
    return {button["action"].name for button in response.context["transition_buttons"]}


@pytest.mark.parametrize(
    ("role", "state", "name"),
    [
        ("agent", S.BATCHED, "mark_paid"),
        ("agent", S.PENDING_APPROVAL, "approve_exception"),
        ("agent", S.PENDING_APPROVAL, "reject"),
        ("finance_user", S.VALIDATED, "approve"),
        ("supervisor", S.BATCHED, "mark_paid"),
        ("auditor", S.REQUESTED, "validate"),
        ("auditor", S.PENDING_APPROVAL, "cancel"),
    ],
)
def test_transition_by_the_wrong_role_is_refused_with_a_message_and_changes_nothing(
    request, client, merchant, role, state, name
):
    user = request.getfixturevalue(role)
    refund = RefundFactory(merchant=merchant, state=state)
    client.force_login(user)

    response = _transition(
        client,
        refund,
        name,
        {"reason": "trying", "payment_reference": "BANK-1", "alternative": "exchange"},
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:refunds_refund_change", args=[refund.pk])
    [(level, text)] = _messages(response)
    assert level == "error"
    assert name in text
    refund.refresh_from_db()
    assert refund.state == state
    assert refund.history.count() == 1


def test_transition_of_another_merchants_refund_is_not_found(client, outsider, merchant):
    refund = RefundFactory(merchant=merchant, state=S.REQUESTED)
    client.force_login(outsider)

    response = _transition(client, refund, "validate")

    assert response.status_code == 404
    refund.refresh_from_db()
    assert refund.state == S.REQUESTED


def test_supervisor_approving_their_own_request_in_the_admin_gets_the_four_eyes_message(
    client, supervisor, merchant
):
    refund = RefundFactory(merchant=merchant, state=S.PENDING_APPROVAL, requested_by=supervisor)
    client.force_login(supervisor)

    response = _transition(client, refund, "approve_exception", {"reason": "fine"})

    [(level, text)] = _messages(response)
    assert level == "error"
    assert "another supervisor" in text
    refund.refresh_from_db()
    assert refund.state == S.PENDING_APPROVAL


def test_approval_buttons_follow_four_eyes_and_the_agent_limit(client, agent, supervisor, merchant):
    merchant.agent_approval_limit = Decimal("100.00")
    merchant.save()
    own = RefundFactory(merchant=merchant, state=S.PENDING_APPROVAL, requested_by=supervisor)
    others = RefundFactory(merchant=merchant, state=S.PENDING_APPROVAL, requested_by=agent)
    over = RefundFactory(merchant=merchant, state=S.VALIDATED, amount=Decimal("150.00"))
    under = RefundFactory(merchant=merchant, state=S.VALIDATED, amount=Decimal("50.00"))

    client.force_login(supervisor)
    assert "approve_exception" not in _buttons(client, own)
    assert "approve_exception" in _buttons(client, others)
    assert "approve" in _buttons(client, over)

    client.force_login(agent)
    assert "approve" not in _buttons(client, over)
    assert "approve" in _buttons(client, under)


def test_transition_by_the_right_role_runs_through_the_service(client, supervisor, merchant):
    refund = RefundFactory(merchant=merchant, state=S.PENDING_APPROVAL)
    client.force_login(supervisor)

    response = _transition(client, refund, "approve_exception", {"reason": "loyal customer"})

    [(level, _text)] = _messages(response)
    assert level == "success"
    refund.refresh_from_db()
    assert refund.state == S.APPROVED
    record = refund.history.first()
    assert record.history_user == supervisor
    assert record.history_change_reason == "loyal customer"


def test_a_required_reason_is_asked_for_and_nothing_changes_without_it(
    client, supervisor, merchant
):
    refund = RefundFactory(merchant=merchant, state=S.PENDING_APPROVAL)
    client.force_login(supervisor)

    response = _transition(client, refund, "approve_exception", {"reason": ""})

    assert response.status_code == 200  # the confirmation page again, with the error
    assert response.context["form"].errors["reason"]
    refund.refresh_from_db()
    assert refund.state == S.PENDING_APPROVAL


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("agent", S.REQUESTED, {"validate", "escalate", "cancel"}),
        ("supervisor", S.REQUESTED, {"validate", "escalate", "hold", "cancel"}),
        ("agent", S.VALIDATED, {"approve", "escalate", "cancel"}),
        ("agent", S.PENDING_APPROVAL, {"cancel"}),
        ("supervisor", S.PENDING_APPROVAL, {"approve_exception", "reject", "cancel"}),
        ("finance_user", S.APPROVED, set()),  # into a listing by the bulk action
        ("finance_user", S.BATCHED, {"mark_paid", "mark_failed"}),
        ("supervisor", S.BATCHED, set()),
        ("finance_user", S.FAILED, {"retry"}),
        ("finance_user", S.PAID, set()),
        ("auditor", S.REQUESTED, set()),
        ("auditor", S.PENDING_APPROVAL, set()),
    ],
)
def test_change_page_shows_exactly_the_steps_the_user_may_take_now(
    request, client, merchant, role, state, expected
):
    refund = RefundFactory(merchant=merchant, state=state)
    client.force_login(request.getfixturevalue(role))

    assert _buttons(client, refund) == expected


def test_change_page_hides_steps_blocked_by_fraud(client, agent, merchant):
    refund = RefundFactory(merchant=merchant, state=S.REQUESTED, fraud_decision="block")
    client.force_login(agent)

    assert _buttons(client, refund) == {"escalate", "cancel"}


# Lists


def _refunds(merchant, count, state=S.REQUESTED):
    # One case for many refunds keeps the setup cheap; each row still joins its own FKs.
    case = ReturnCaseFactory(order__merchant=merchant, order__total_amount=Decimal("99999"))
    requesters = [UserFactory() for _ in range(3)]
    refunds = [
        Refund(
            merchant=merchant,
            case=case,
            order=case.order,
            amount=Decimal("10.00"),
            currency="EUR",
            requested_by=requesters[index % 3],
            state=state,
        )
        for index in range(count)
    ]
    return Refund.objects.bulk_create(refunds)


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("view", ["refund", "refundapprovalqueue"])
def test_refund_lists_run_a_bounded_number_of_queries(
    client, supervisor, merchant, django_assert_max_num_queries, rows, view
):
    _refunds(merchant, rows // 2, S.PENDING_APPROVAL)
    _refunds(merchant, rows - rows // 2, S.APPROVED)
    client.force_login(supervisor)

    with django_assert_max_num_queries(12):
        response = client.get(reverse(f"admin:refunds_{view}_changelist"), {"all": ""})

    assert response.status_code == 200
    shown = len(response.context["cl"].result_list)
    assert shown == (rows if view == "refund" else rows // 2)


def test_approval_queue_lists_what_waits_for_a_supervisor_oldest_first(
    client, supervisor, merchant, other_merchant
):
    waiting = _refunds(merchant, 3, S.PENDING_APPROVAL)
    _refunds(merchant, 2, S.APPROVED)
    _refunds(merchant, 1, S.REQUESTED)
    _refunds(other_merchant, 1, S.PENDING_APPROVAL)
    now = timezone.now()
    for age, refund in zip([1, 3, 2], waiting, strict=True):
        Refund.objects.filter(pk=refund.pk).update(requested_at=now - timedelta(days=age))
    client.force_login(supervisor)

    response = client.get(reverse("admin:refunds_refundapprovalqueue_changelist"))

    listed = [refund.pk for refund in response.context["cl"].result_list]
    assert listed == [waiting[1].pk, waiting[2].pk, waiting[0].pk]


def test_agents_do_not_see_the_approval_queue(client, agent):
    client.force_login(agent)

    response = client.get(reverse("admin:refunds_refundapprovalqueue_changelist"))

    assert response.status_code == 403


# Bulk actions


def _changelist_action(client, action, refunds):
    return client.post(
        reverse("admin:refunds_refund_changelist"),
        {"action": action, "_selected_action": [refund.pk for refund in refunds]},
    )


def test_bulk_validate_reports_each_refund(client, agent, merchant):
    fine = RefundFactory(merchant=merchant, state=S.REQUESTED)
    also_fine = RefundFactory(merchant=merchant, state=S.REQUESTED)
    approved = RefundFactory(merchant=merchant, state=S.APPROVED)
    blocked = RefundFactory(merchant=merchant, state=S.REQUESTED, fraud_decision="block")
    client.force_login(agent)

    response = _changelist_action(client, "validate_selected", [fine, also_fine, approved, blocked])

    assert response.status_code == 302
    messages = _messages(response)
    successes = [text for level, text in messages if level == "success"]
    errors = [text for level, text in messages if level == "error"]
    assert len(successes) == 1
    assert fine.reference in successes[0]
    assert also_fine.reference in successes[0]
    assert len(errors) == 2
    assert any(approved.reference in text and "approved" in text for text in errors)
    assert any(blocked.reference in text and "validate" in text for text in errors)
    states = dict(Refund.objects.values_list("pk", "state"))
    assert states == {
        fine.pk: S.VALIDATED,
        also_fine.pk: S.VALIDATED,
        approved.pk: S.APPROVED,
        blocked.pk: S.REQUESTED,
    }


def test_bulk_add_to_listing_reports_each_refund(client, finance_user, merchant):
    approved = RefundFactory(merchant=merchant, state=S.APPROVED)
    requested = RefundFactory(merchant=merchant, state=S.REQUESTED)
    client.force_login(finance_user)

    response = _changelist_action(client, "add_selected_to_listing", [approved, requested])

    messages = _messages(response)
    assert [level for level, _text in messages] == ["success", "error"]
    assert approved.reference in messages[0][1]
    assert requested.reference in messages[1][1]
    approved.refresh_from_db()
    requested.refresh_from_db()
    assert approved.state == S.BATCHED
    assert approved.batch == RefundBatch.objects.get(merchant=merchant)
    assert requested.state == S.REQUESTED
    record = approved.history.first()
    assert record.history_user == finance_user
    assert approved.batch.reference in record.history_change_reason


def test_bulk_actions_are_offered_by_role(client, agent, finance_user, auditor, merchant):
    RefundFactory(merchant=merchant)
    url = reverse("admin:refunds_refund_changelist")
    offered = {}
    for user in (agent, finance_user, auditor):
        client.force_login(user)
        form = client.get(url).context["action_form"]  # None when no action is open
        choices = form.fields["action"].choices if form else []
        offered[user.username] = {name for name, _label in choices if name}

    assert offered == {
        "anna.agent": {"validate_selected"},
        "fiona.finance": {"add_selected_to_listing"},
        "aude.auditor": set(),
    }
