"""The services of the returns desk: every transition allowed, refused, and leaving its trace."""

from datetime import timedelta

import pytest
from django.utils import timezone

from returns import services
from returns.choices import (
    CaseStatus,
    ContactChannel,
    ItemCondition,
    PolicyOutcome,
    Resolution,
    ShipmentStatus,
)
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from returns.exceptions import InvalidReturn, OverrideReasonRequired, SupervisorRequired
from returns.models import Contact, ReturnCase, Shipment
from returns.services import ReturnLineInput
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ResolutionRuleFactory,
    ReturnCaseFactory,
    ReturnReasonFactory,
)

pytestmark = pytest.mark.django_db


def open_case(actor, merchant, *, delivered_days_ago=5, quantity=1, covered=True, sku="SKU-1"):
    """A case as an agent opens it on the desk: one line of a two-piece order line."""
    order = OrderFactory(
        merchant=merchant, delivered_at=timezone.now() - timedelta(days=delivered_days_ago)
    )
    line = OrderLineFactory(order=order, sku=sku, quantity=2)
    reason = ReturnReasonFactory(merchant=merchant, code="too-small", is_covered=covered)
    return services.case_open(
        actor=actor,
        order=order,
        lines=[ReturnLineInput(line, quantity, reason, ItemCondition.UNOPENED)],
    )


def set_status(obj, status):
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj


@pytest.fixture
def case(agent, merchant):
    return open_case(agent, merchant)


@pytest.fixture
def shipment(supervisor, merchant):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.REPLACEMENT)
    replaced = open_case(supervisor, merchant)
    services.case_resolve(case=replaced, actor=supervisor, resolution=Resolution.REPLACEMENT)
    return replaced.shipments.get()


# --- case transitions -------------------------------------------------------------------

CASE_STEPS = {
    "await_item": lambda case, actor: services.case_await_item(case=case, actor=actor),
    "receive_item": lambda case, actor: services.case_receive_item(case=case, actor=actor),
    "resolve": lambda case, actor: services.case_resolve(
        case=case, actor=actor, resolution=Resolution.REFUND
    ),
    "close": lambda case, actor: services.case_close(case=case, actor=actor),
    "cancel": lambda case, actor: services.case_cancel(
        case=case, actor=actor, reason="The customer keeps the shoes."
    ),
}

# step, from, to, a status it may not start from, the history reason it writes
CASE_TRANSITIONS = [
    pytest.param(
        "await_item",
        CaseStatus.OPEN,
        CaseStatus.AWAITING_ITEM,
        CaseStatus.RESOLVED,
        "waiting for the item",
        id="await_item",
    ),
    pytest.param(
        "receive_item",
        CaseStatus.AWAITING_ITEM,
        CaseStatus.ITEM_RECEIVED,
        CaseStatus.CLOSED,
        "item received",
        id="receive_item",
    ),
    pytest.param(
        "receive_item",
        CaseStatus.OPEN,
        CaseStatus.ITEM_RECEIVED,
        CaseStatus.CANCELLED,
        "item received",
        id="receive_item_straight_from_open",
    ),
    pytest.param(
        "resolve",
        CaseStatus.ITEM_RECEIVED,
        CaseStatus.RESOLVED,
        CaseStatus.CANCELLED,
        "resolved as refund",
        id="resolve",
    ),
    pytest.param(
        "close", CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.OPEN, "closed", id="close"
    ),
    pytest.param(
        "cancel",
        CaseStatus.AWAITING_ITEM,
        CaseStatus.CANCELLED,
        CaseStatus.RESOLVED,
        "The customer keeps the shoes.",
        id="cancel",
    ),
]


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), CASE_TRANSITIONS)
def test_case_transition_is_allowed_and_leaves_its_history_row(
    case, agent, step, source, target, wrong, reason
):
    set_status(case, source)
    CASE_STEPS[step](case, agent)
    case.refresh_from_db()
    assert case.status == target
    last = case.history.latest("history_date")
    assert last.status == target
    assert last.history_user == agent
    assert last.history_change_reason == reason


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), CASE_TRANSITIONS)
def test_case_transition_from_a_wrong_status_is_refused_and_changes_nothing(
    case, agent, step, source, target, wrong, reason
):
    set_status(case, wrong)
    rows = case.history.count()
    with pytest.raises(TransitionNotAllowed):
        CASE_STEPS[step](case, agent)
    case.refresh_from_db()
    assert case.status == wrong
    assert case.resolution == ""
    assert case.history.count() == rows


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), CASE_TRANSITIONS)
def test_case_transition_is_refused_to_a_role_without_its_permission(
    case, request, role, step, source, target, wrong, reason
):
    user = request.getfixturevalue(role)
    set_status(case, source)
    rows = case.history.count()
    with pytest.raises(ActionNotPermitted):
        CASE_STEPS[step](case, user)
    case.refresh_from_db()
    assert case.status == source
    assert case.history.count() == rows


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), CASE_TRANSITIONS)
def test_case_transition_is_refused_to_staff_of_another_merchant(
    case, outsider, step, source, target, wrong, reason
):
    set_status(case, source)
    rows = case.history.count()
    with pytest.raises(NotAssigned):
        CASE_STEPS[step](case, outsider)
    case.refresh_from_db()
    assert case.status == source
    assert case.history.count() == rows


def test_cancelling_a_case_needs_a_reason(case, agent):
    with pytest.raises(InvalidReturn):
        services.case_cancel(case=case, actor=agent, reason="  ")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_case_opened_without_an_agent_can_still_be_handled(agent, merchant):
    case = ReturnCaseFactory(order=OrderFactory(merchant=merchant))
    services.case_await_item(case=case, actor=agent)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_ITEM


# --- shipment transitions ----------------------------------------------------------------

SHIPMENT_STEPS = {
    "ship": lambda shipment, actor: services.shipment_mark_shipped(
        shipment=shipment, actor=actor, carrier="DHL", tracking_number="JD0001"
    ),
    "deliver": lambda shipment, actor: services.shipment_mark_delivered(
        shipment=shipment, actor=actor
    ),
}

SHIPMENT_TRANSITIONS = [
    pytest.param(
        "ship",
        ShipmentStatus.TO_SHIP,
        ShipmentStatus.SHIPPED,
        ShipmentStatus.DELIVERED,
        "shipped with DHL, tracking JD0001",
        id="ship",
    ),
    pytest.param(
        "deliver",
        ShipmentStatus.SHIPPED,
        ShipmentStatus.DELIVERED,
        ShipmentStatus.TO_SHIP,
        "delivered",
        id="deliver",
    ),
]


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), SHIPMENT_TRANSITIONS)
def test_shipment_transition_is_allowed_and_leaves_its_history_row(
    shipment, agent, step, source, target, wrong, reason
):
    set_status(shipment, source)
    SHIPMENT_STEPS[step](shipment, agent)
    shipment.refresh_from_db()
    assert shipment.status == target
    last = shipment.history.latest("history_date")
    assert last.history_user == agent
    assert last.history_change_reason == reason


def test_shipping_records_carrier_tracking_and_time(shipment, agent):
    services.shipment_mark_shipped(
        shipment=shipment, actor=agent, carrier=" DHL ", tracking_number=" JD0001 "
    )
    shipment.refresh_from_db()
    assert (shipment.carrier, shipment.tracking_number) == ("DHL", "JD0001")
    assert shipment.shipped_at is not None


def test_shipping_needs_carrier_and_tracking_number(shipment, agent):
    with pytest.raises(InvalidReturn):
        services.shipment_mark_shipped(
            shipment=shipment, actor=agent, carrier="DHL", tracking_number=""
        )
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.TO_SHIP


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), SHIPMENT_TRANSITIONS)
def test_shipment_transition_from_a_wrong_status_is_refused_and_changes_nothing(
    shipment, agent, step, source, target, wrong, reason
):
    set_status(shipment, wrong)
    rows = shipment.history.count()
    with pytest.raises(TransitionNotAllowed):
        SHIPMENT_STEPS[step](shipment, agent)
    shipment.refresh_from_db()
    assert shipment.status == wrong
    assert shipment.history.count() == rows


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), SHIPMENT_TRANSITIONS)
def test_shipment_transition_is_refused_to_a_role_without_its_permission(
    shipment, request, role, step, source, target, wrong, reason
):
    user = request.getfixturevalue(role)
    set_status(shipment, source)
    rows = shipment.history.count()
    with pytest.raises(ActionNotPermitted):
        SHIPMENT_STEPS[step](shipment, user)
    shipment.refresh_from_db()
    assert shipment.status == source
    assert shipment.history.count() == rows


@pytest.mark.parametrize(("step", "source", "target", "wrong", "reason"), SHIPMENT_TRANSITIONS)
def test_shipment_transition_is_refused_to_staff_of_another_merchant(
    shipment, outsider, step, source, target, wrong, reason
):
    set_status(shipment, source)
    with pytest.raises(NotAssigned):
        SHIPMENT_STEPS[step](shipment, outsider)
    shipment.refresh_from_db()
    assert shipment.status == source


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


# --- resolving a case ---------------------------------------------------------------------


def test_resolving_as_suggested_needs_no_reason(case, agent):
    services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_by) == (
        CaseStatus.RESOLVED,
        Resolution.REFUND,
        agent,
    )
    assert case.resolved_at is not None
    assert case.override_reason == ""


@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "only spaces"])
def test_overriding_the_suggestion_without_a_reason_is_refused_and_changes_nothing(
    case, agent, blank
):
    rows = case.history.count()
    with pytest.raises(OverrideReasonRequired):
        services.case_resolve(
            case=case, actor=agent, resolution=Resolution.STORE_CREDIT, override_reason=blank
        )
    case.refresh_from_db()
    assert (case.status, case.resolution, case.override_reason) == (CaseStatus.OPEN, "", "")
    assert case.history.count() == rows


def test_overriding_the_suggestion_with_a_reason_records_it_on_the_case_and_in_history(case, agent):
    services.case_resolve(
        case=case,
        actor=agent,
        resolution=Resolution.STORE_CREDIT,
        override_reason="Customer prefers credit.",
    )
    case.refresh_from_db()
    assert case.resolution == Resolution.STORE_CREDIT
    assert case.override_reason == "Customer prefers credit."
    last = case.history.latest("history_date")
    assert last.history_user == agent
    assert "Customer prefers credit." in last.history_change_reason


def test_a_long_override_reason_is_kept_whole_on_the_case(case, agent):
    why = "The customer has been loyal for ten years and the shoes hurt her feet. " * 5
    services.case_resolve(
        case=case, actor=agent, resolution=Resolution.STORE_CREDIT, override_reason=why
    )
    case.refresh_from_db()
    assert case.override_reason == why.strip()
    assert "overriding the policy" in case.history.latest("history_date").history_change_reason


def test_an_agent_cannot_resolve_an_out_of_policy_case_except_as_a_refund(agent, merchant):
    case = open_case(agent, merchant, covered=False)
    assert case.inside_policy is False
    with pytest.raises(SupervisorRequired):
        services.case_resolve(
            case=case,
            actor=agent,
            resolution=Resolution.REPLACEMENT,
            override_reason="Good customer.",
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Shipment.objects.exists()

    services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)
    case.refresh_from_db()
    assert case.resolution == Resolution.REFUND


def test_an_agent_cannot_decide_a_case_the_policy_leaves_to_a_supervisor(agent, merchant):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.NEEDS_SUPERVISOR)
    case = open_case(agent, merchant)
    with pytest.raises(SupervisorRequired):
        services.case_resolve(
            case=case, actor=agent, resolution=Resolution.REJECTED, override_reason="Worn."
        )


def test_a_supervisor_may_resolve_an_out_of_policy_case_any_way(supervisor, merchant):
    case = open_case(supervisor, merchant, delivered_days_ago=merchant.return_window_days + 5)
    services.case_resolve(
        case=case,
        actor=supervisor,
        resolution=Resolution.REPLACEMENT,
        override_reason="Loyal customer, goodwill.",
    )
    case.refresh_from_db()
    assert case.resolution == Resolution.REPLACEMENT
    assert case.shipments.count() == 1


def test_resolving_as_replacement_creates_a_shipment_of_the_cases_lines(agent, merchant):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.REPLACEMENT)
    case = open_case(agent, merchant, quantity=2)
    services.case_resolve(case=case, actor=agent, resolution=Resolution.REPLACEMENT)
    shipment = case.shipments.get()
    assert shipment.status == ShipmentStatus.TO_SHIP
    assert shipment.merchant == merchant
    assert [(line.order_line_id, line.quantity) for line in shipment.lines.all()] == [
        (line.order_line_id, line.quantity) for line in case.lines.all()
    ]
    assert shipment.history.get().history_user == agent


def test_resolving_as_refund_creates_no_shipment(case, agent):
    services.case_resolve(case=case, actor=agent, resolution=Resolution.REFUND)
    assert not Shipment.objects.exists()


# --- logging contacts --------------------------------------------------------------------


def test_logging_a_contact_records_agent_handling_time_and_history(agent, merchant):
    customer = CustomerFactory(merchant=merchant)
    contact = services.contact_log(
        actor=agent,
        merchant=merchant,
        channel=ContactChannel.CHAT,
        handling_seconds=245,
        customer=customer,
        summary="Asked for a label.",
    )
    contact.refresh_from_db()
    assert (contact.agent, contact.handling_seconds, contact.customer) == (agent, 245, customer)
    assert contact.started_at is not None
    last = contact.history.get()
    assert (last.history_user, last.history_change_reason) == (agent, "contact logged")


def test_logging_a_contact_on_a_case_takes_the_cases_customer(case, agent, merchant):
    contact = services.contact_log(
        actor=agent, merchant=merchant, channel=ContactChannel.PHONE, handling_seconds=60, case=case
    )
    assert contact.customer == case.customer


def test_logging_a_contact_with_a_customer_of_another_merchant_is_refused(
    agent, merchant, other_merchant
):
    with pytest.raises(InvalidReturn):
        services.contact_log(
            actor=agent,
            merchant=merchant,
            channel=ContactChannel.PHONE,
            handling_seconds=60,
            customer=CustomerFactory(merchant=other_merchant),
        )
    assert not Contact.objects.exists()


def test_logging_a_contact_with_a_case_of_another_merchant_is_refused(
    agent, outsider, merchant, other_merchant
):
    foreign_case = open_case(outsider, other_merchant)
    with pytest.raises(InvalidReturn):
        services.contact_log(
            actor=agent,
            merchant=merchant,
            channel=ContactChannel.PHONE,
            handling_seconds=60,
            case=foreign_case,
        )
    assert not Contact.objects.exists()


def test_logging_a_contact_for_another_merchant_is_refused(outsider, merchant):
    with pytest.raises(NotAssigned):
        services.contact_log(
            actor=outsider, merchant=merchant, channel=ContactChannel.PHONE, handling_seconds=60
        )
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
def test_logging_a_contact_is_refused_to_finance_and_auditors(request, merchant, role):
    with pytest.raises(ActionNotPermitted):
        services.contact_log(
            actor=request.getfixturevalue(role),
            merchant=merchant,
            channel=ContactChannel.PHONE,
            handling_seconds=60,
        )
    assert not Contact.objects.exists()
