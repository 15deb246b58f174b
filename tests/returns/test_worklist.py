from decimal import Decimal

import pytest
from django.urls import reverse

from refunds import services as refund_services
from returns.worklist import work_for
from tests.factories import OrderFactory, OrderLineFactory, ReturnCaseFactory

pytestmark = pytest.mark.django_db


def _pending_refund(merchant, agent):
    order = OrderFactory(merchant=merchant, total_amount=Decimal("500.00"))
    OrderLineFactory(order=order, unit_price=Decimal("300.00"))
    case = ReturnCaseFactory(order=order, inside_policy=True, suggested_outcome="refund")
    line = case.lines.get()
    # Over the merchant's agent limit (100): it waits for a supervisor.
    return refund_services.refund_request(
        actor=agent,
        case=case,
        lines=[refund_services.RefundLineInput(line.order_line, 1, line.reason)],
    )


def test_a_supervisor_sees_the_refunds_waiting_for_approval(supervisor, agent, merchant):
    _pending_refund(merchant, agent)
    _pending_refund(merchant, agent)
    items = {item.label: item for item in work_for(supervisor)}
    waiting = items["refunds wait for your approval"]
    assert waiting.count == 2
    assert waiting.url == reverse("admin:refunds_refundapprovalqueue_changelist")


def test_an_agent_is_not_shown_the_approval_queue(agent, merchant):
    _pending_refund(merchant, agent)
    assert "refunds wait for your approval" not in {item.label for item in work_for(agent)}


def test_another_merchants_work_is_not_counted(supervisor, outsider, other_merchant):
    _pending_refund(other_merchant, outsider)
    assert work_for(supervisor) == []


def test_the_admin_index_shows_the_work_list(client, supervisor, agent, merchant):
    _pending_refund(merchant, agent)
    client.force_login(supervisor)
    response = client.get(reverse("admin:index"))
    assert "refund waits for your approval" in response.content.decode()
