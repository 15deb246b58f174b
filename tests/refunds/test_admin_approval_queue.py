from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from refunds import services
from refunds.choices import ApprovalReason, RefundState
from returns.worklist import work_for
from tests.refunds.factories import RefundFactory, StoreCreditFactory

pytestmark = pytest.mark.django_db

S = RefundState
WAITING = "refunds wait for your approval"


def _waiting(merchant, requested_by, **fields):
    return RefundFactory(
        merchant=merchant, state=S.PENDING_APPROVAL, requested_by=requested_by, **fields
    )


def test_approving_from_the_queue_ends_back_on_the_queue_with_the_message(
    client, supervisor, agent, merchant
):
    refund = _waiting(merchant, agent)
    client.force_login(supervisor)
    url = reverse(
        "admin:refunds_refundapprovalqueue_transition", args=[refund.pk, "approve_exception"]
    )

    response = client.post(url, {"reason": "loyal customer"}, follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("admin:refunds_refundapprovalqueue_changelist")
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert refund.reference in message
    refund.refresh_from_db()
    assert refund.state == S.APPROVED


def test_a_step_that_keeps_the_refund_where_it_is_returns_to_its_page(
    client, supervisor, agent, merchant
):
    refund = RefundFactory(merchant=merchant, state=S.REQUESTED, requested_by=agent)
    client.force_login(supervisor)
    url = reverse("admin:refunds_refund_transition", args=[refund.pk, "validate"])

    response = client.post(url, {})

    assert response.url == reverse("admin:refunds_refund_change", args=[refund.pk])


def test_a_queue_items_history_and_its_versions_open(client, supervisor, agent, merchant):
    refund = _waiting(merchant, agent)
    refund.amount = Decimal("40.00")
    refund.save()
    client.force_login(supervisor)

    history = client.get(reverse("admin:refunds_refundapprovalqueue_history", args=[refund.pk]))
    assert history.status_code == 200
    version = refund.history.first()
    page = client.get(
        reverse(
            "admin:refunds_refundapprovalqueue_simple_history",
            args=[refund.pk, version.history_id],
        )
    )
    assert page.status_code == 200


def test_a_store_credit_page_opens_and_offers_the_void(client, supervisor, merchant):
    credit = StoreCreditFactory(merchant=merchant)
    client.force_login(supervisor)

    response = client.get(reverse("admin:refunds_storecredit_change", args=[credit.pk]))

    assert response.status_code == 200
    assert (
        reverse("admin:refunds_storecredit_transition", args=[credit.pk, "void"]) in response.text
    )


def test_the_index_counts_only_the_refunds_this_supervisor_may_approve(
    client, supervisor, agent, merchant
):
    theirs = [_waiting(merchant, agent), _waiting(merchant, agent)]
    own = _waiting(merchant, supervisor)

    [item] = [item for item in work_for(supervisor) if item.label == WAITING]

    assert item.count == 2
    approvable = [
        refund
        for refund in [*theirs, own]
        if services.approval_obstacle(refund, supervisor, exception=True) is None
    ]
    assert item.count == len(approvable)
    client.force_login(supervisor)
    assert f"<strong>2</strong> {WAITING}" in client.get(reverse("admin:index")).text


def test_own_request_says_why_there_is_no_approve_button(client, supervisor, merchant):
    refund = _waiting(merchant, supervisor)
    client.force_login(supervisor)

    response = client.get(reverse("admin:refunds_refund_change", args=[refund.pk]))

    approve = reverse("admin:refunds_refund_transition", args=[refund.pk, "approve_exception"])
    assert approve not in response.text
    assert "another supervisor must approve it" in response.text


def test_the_approval_confirmation_shows_amount_customer_and_the_breach(
    client, supervisor, agent, merchant
):
    refund = _waiting(
        merchant,
        agent,
        amount=Decimal("42.50"),
        approval_reason=ApprovalReason.OUT_OF_POLICY,
        inside_policy=False,
    )
    client.force_login(supervisor)

    response = client.get(
        reverse("admin:refunds_refund_transition", args=[refund.pk, "approve_exception"])
    )

    assert response.status_code == 200
    page = response.text
    assert "42.50" in page
    assert refund.case.customer.name in page
    assert refund.case.customer.email in page
    assert "Outside the merchant&#x27;s policy" in page
