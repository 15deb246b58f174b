"""Opening a case: the suggestion it stores, and what it refuses."""

import pytest

from returns import services
from returns.choices import ItemCondition, PolicyOutcome
from returns.common.exceptions import ActionNotPermitted, NotAssigned
from returns.exceptions import InvalidReturn
from returns.models import ReturnCase
from returns.services import ReturnLineInput
from tests.factories import (
    OrderFactory,
    OrderLineFactory,
    ResolutionRuleFactory,
    ReturnReasonFactory,
)
from tests.returns.helpers import open_case

pytestmark = pytest.mark.django_db


# --- opening a case ----------------------------------------------------------------------


def test_opening_a_case_stores_the_suggestion_and_whether_it_is_inside_the_policy(agent, merchant):
    ResolutionRuleFactory(
        merchant=merchant, sku_pattern="SHOE-*", outcome=PolicyOutcome.REPLACEMENT
    )
    case = open_case(agent, merchant, sku="SHOE-1")
    case.refresh_from_db()
    assert case.suggested_outcome == PolicyOutcome.REPLACEMENT
    assert case.inside_policy is True
    assert case.opened_by == agent
    assert case.lines.get().quantity == 1
    last = case.history.latest("history_date")
    assert last.history_user == agent
    assert "inside the policy" in last.history_change_reason


def test_opening_a_case_outside_the_window_stores_it_as_outside_the_policy(agent, merchant):
    case = open_case(agent, merchant, delivered_days_ago=merchant.return_window_days + 1)
    case.refresh_from_db()
    assert case.inside_policy is False
    assert case.suggested_outcome == merchant.default_outcome


def test_opening_a_case_for_more_than_can_still_be_returned_is_refused_naming_the_sku(
    agent, merchant
):
    case = open_case(agent, merchant, quantity=2, sku="SHOE-9")
    line = case.lines.get().order_line
    reason = ReturnReasonFactory(merchant=merchant, code="too-small")
    with pytest.raises(InvalidReturn, match="SHOE-9: 1 asked, 0 can still be returned"):
        services.case_open(
            actor=agent,
            order=case.order,
            lines=[ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
        )
    assert ReturnCase.objects.count() == 1


def test_two_lines_of_one_request_for_the_same_item_count_together(agent, merchant):
    order = OrderFactory(merchant=merchant)
    line = OrderLineFactory(order=order, sku="SHOE-9", quantity=2)
    reason = ReturnReasonFactory(merchant=merchant, code="too-small")
    with pytest.raises(InvalidReturn, match="SHOE-9"):
        services.case_open(
            actor=agent,
            order=order,
            lines=[
                ReturnLineInput(line, 2, reason, ItemCondition.UNOPENED),
                ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED),
            ],
        )
    assert not ReturnCase.objects.exists()


def test_items_of_a_cancelled_case_may_be_returned_again(agent, merchant):
    case = open_case(agent, merchant, quantity=2)
    services.case_cancel(case=case, actor=agent, reason="Customer changed their mind.")
    line = case.lines.get()
    again = services.case_open(
        actor=agent,
        order=case.order,
        lines=[ReturnLineInput(line.order_line, 2, line.reason, ItemCondition.UNOPENED)],
    )
    assert again.lines.get().quantity == 2


def test_opening_a_case_with_a_line_of_another_order_is_refused(agent, merchant):
    order = OrderFactory(merchant=merchant)
    stranger = OrderLineFactory(order=OrderFactory(merchant=merchant), sku="HAT-1")
    reason = ReturnReasonFactory(merchant=merchant, code="too-small")
    with pytest.raises(InvalidReturn, match=f"HAT-1 is not a line of order {order.number}"):
        services.case_open(
            actor=agent,
            order=order,
            lines=[ReturnLineInput(stranger, 1, reason, ItemCondition.UNOPENED)],
        )
    assert not ReturnCase.objects.exists()


def test_opening_a_case_with_another_merchants_reason_is_refused_naming_it(
    agent, merchant, other_merchant
):
    order = OrderFactory(merchant=merchant)
    line = OrderLineFactory(order=order)
    foreign = ReturnReasonFactory(merchant=other_merchant, code="broken", label="Broken")
    with pytest.raises(InvalidReturn, match="Broken is not one of this merchant's"):
        services.case_open(
            actor=agent,
            order=order,
            lines=[ReturnLineInput(line, 1, foreign, ItemCondition.UNOPENED)],
        )


def test_opening_a_case_without_lines_is_refused(agent, merchant):
    with pytest.raises(InvalidReturn):
        services.case_open(actor=agent, order=OrderFactory(merchant=merchant), lines=[])


def test_opening_a_case_is_refused_to_staff_of_another_merchant(outsider, merchant):
    with pytest.raises(NotAssigned):
        open_case(outsider, merchant)
    assert not ReturnCase.objects.exists()


def test_opening_a_case_is_refused_to_finance(finance_user, merchant):
    with pytest.raises(ActionNotPermitted):
        open_case(finance_user, merchant)
    assert not ReturnCase.objects.exists()
