"""The case and shipment admin pages: transition buttons, confirmations, query counts."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from returns.choices import CaseStatus, ItemCondition, PolicyOutcome, Resolution, ShipmentStatus
from returns.services import ReturnLineInput, case_open, case_resolve
from tests.factories import (
    ContactFactory,
    OrderFactory,
    OrderLineFactory,
    ResolutionRuleFactory,
    ResponseScriptFactory,
    ReturnReasonFactory,
)

pytestmark = pytest.mark.django_db


def open_case(actor, merchant, number=None):
    order = OrderFactory(merchant=merchant, **({"number": number} if number else {}))
    line = OrderLineFactory(order=order, quantity=2)
    reason = ReturnReasonFactory(merchant=merchant, code="too-small")
    return case_open(
        actor=actor,
        order=order,
        lines=[ReturnLineInput(line, 1, reason, ItemCondition.UNOPENED)],
    )


def set_status(obj, status):
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()


def buttons(client, obj):
    model = obj._meta.model_name
    response = client.get(reverse(f"admin:returns_{model}_change", args=[obj.pk]))
    assert response.status_code == 200
    return [button["action"].name for button in response.context["transition_buttons"]]


def transition_url(obj, name):
    return reverse(f"admin:returns_{obj._meta.model_name}_transition", args=[obj.pk, name])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def case(agent, merchant):
    return open_case(agent, merchant)


@pytest.fixture
def shipment(supervisor, merchant):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.REPLACEMENT)
    replaced = open_case(supervisor, merchant)
    case_resolve(case=replaced, actor=supervisor, resolution=Resolution.REPLACEMENT)
    return replaced.shipments.get()


# --- buttons ------------------------------------------------------------------------------

CASE_BUTTONS = [
    pytest.param(
        "agent",
        CaseStatus.OPEN,
        ["await_item", "receive_item", "resolve", "cancel"],
        id="an agent on an open case may wait, receive, resolve or cancel",
    ),
    pytest.param(
        "agent",
        CaseStatus.ITEM_RECEIVED,
        ["resolve", "cancel"],
        id="an agent on a case with the item received may resolve or cancel",
    ),
    pytest.param("agent", CaseStatus.RESOLVED, ["close"], id="an agent may close a resolved case"),
    pytest.param("agent", CaseStatus.CLOSED, [], id="nobody may do anything on a closed case"),
    pytest.param(
        "agent", CaseStatus.CANCELLED, [], id="nobody may do anything on a cancelled case"
    ),
    pytest.param("finance_user", CaseStatus.OPEN, [], id="finance sees no buttons"),
    pytest.param("auditor", CaseStatus.OPEN, [], id="an auditor sees no buttons"),
]


@pytest.mark.parametrize(("role", "status", "expected"), CASE_BUTTONS)
def test_the_case_page_shows_exactly_the_steps_the_user_may_take_now(
    client, request, case, role, status, expected
):
    set_status(case, status)
    client.force_login(request.getfixturevalue(role))
    assert buttons(client, case) == expected


SHIPMENT_BUTTONS = [
    pytest.param("agent", ShipmentStatus.TO_SHIP, ["ship"], id="an agent may ship"),
    pytest.param("agent", ShipmentStatus.SHIPPED, ["deliver"], id="an agent may mark delivered"),
    pytest.param("supervisor", ShipmentStatus.DELIVERED, [], id="nothing after delivery"),
    pytest.param("finance_user", ShipmentStatus.TO_SHIP, None, id="finance cannot open it"),
    pytest.param("auditor", ShipmentStatus.TO_SHIP, [], id="an auditor sees no buttons"),
]


@pytest.mark.parametrize(("role", "status", "expected"), SHIPMENT_BUTTONS)
def test_the_shipment_page_shows_exactly_the_steps_the_user_may_take_now(
    client, request, shipment, role, status, expected
):
    set_status(shipment, status)
    client.force_login(request.getfixturevalue(role))
    if expected is None:
        url = reverse("admin:returns_shipment_change", args=[shipment.pk])
        assert client.get(url).status_code == 403
    else:
        assert buttons(client, shipment) == expected


# --- performing a step ---------------------------------------------------------------------


def test_a_step_without_fields_is_confirmed_and_done(client, agent, case):
    client.force_login(agent)
    confirm = client.get(transition_url(case, "await_item"))
    assert confirm.status_code == 200
    response = client.post(transition_url(case, "await_item"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_ITEM
    last = case.history.latest("history_date")
    assert last.history_user == agent


def test_the_reason_given_on_the_confirmation_is_the_history_reason(client, agent, case):
    client.force_login(agent)
    client.post(transition_url(case, "receive_item"), {"reason": "Parcel opened at the desk."})
    case.refresh_from_db()
    assert case.status == CaseStatus.ITEM_RECEIVED
    assert case.history.latest("history_date").history_change_reason == (
        "Parcel opened at the desk."
    )


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
@pytest.mark.parametrize("step", ["await_item", "receive_item", "resolve", "cancel"])
def test_a_step_posted_by_the_wrong_role_is_refused_with_a_message_and_changes_nothing(
    client, request, case, role, step
):
    client.force_login(request.getfixturevalue(role))
    rows = case.history.count()
    response = client.post(
        transition_url(case, step), {"reason": "Because.", "resolution": Resolution.REFUND}
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:returns_returncase_change", args=[case.pk])
    assert any("is not open to you" in message for message in messages_of(response))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert case.history.count() == rows


def test_a_step_not_possible_in_the_current_status_is_refused_with_a_message(client, agent, case):
    client.force_login(agent)
    response = client.post(transition_url(case, "close"), {"reason": "Done."})
    assert response.status_code == 302
    assert any("is not open to you" in message for message in messages_of(response))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_cancelling_through_the_admin_requires_a_reason(client, agent, case):
    client.force_login(agent)
    refused = client.post(transition_url(case, "cancel"), {"reason": ""})
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    done = client.post(transition_url(case, "cancel"), {"reason": "Customer keeps the item."})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CANCELLED
    assert case.history.latest("history_date").history_change_reason == ("Customer keeps the item.")


def test_resolving_against_the_suggestion_through_the_admin_asks_why(client, agent, case):
    client.force_login(agent)
    response = client.post(transition_url(case, "resolve"), {"resolution": Resolution.STORE_CREDIT})
    assert response.status_code == 302
    assert any("say why" in message for message in messages_of(response))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN

    client.post(
        transition_url(case, "resolve"),
        {"resolution": Resolution.STORE_CREDIT, "override_reason": "Prefers credit."},
    )
    case.refresh_from_db()
    assert (case.status, case.override_reason) == (CaseStatus.RESOLVED, "Prefers credit.")


def test_shipping_through_the_admin_asks_for_carrier_and_tracking(client, agent, shipment):
    client.force_login(agent)
    refused = client.post(transition_url(shipment, "ship"), {"carrier": "DHL"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["tracking_number"]
    client.post(transition_url(shipment, "ship"), {"carrier": "DHL", "tracking_number": "JD1"})
    shipment.refresh_from_db()
    assert (shipment.status, shipment.carrier, shipment.tracking_number) == (
        ShipmentStatus.SHIPPED,
        "DHL",
        "JD1",
    )


# --- query counts ----------------------------------------------------------------------------

CHANGELIST_QUERIES = 12


def _cases(agent, merchant, count):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.REPLACEMENT)
    for n in range(count):
        case = open_case(agent, merchant, number=f"Q-{n}")
        ContactFactory(merchant=merchant, customer=case.customer, case=case, agent=agent)
        if n % 2:
            case_resolve(case=case, actor=agent, resolution=Resolution.REPLACEMENT)
        ReturnReasonFactory(merchant=merchant, code=f"reason-{n}")
        ResponseScriptFactory(merchant=merchant, title=f"Script {n}")
    ResolutionRuleFactory.create_batch(count, merchant=merchant)


CHANGELISTS = [
    "returncase",
    "contact",
    "shipment",
    "returnreason",
    "resolutionrule",
    "responsescript",
]


@pytest.mark.parametrize("rows", [10, 200])
@pytest.mark.parametrize("role", ["agent", "supervisor"])
def test_changelist_queries_do_not_grow_with_rows(
    client, request, agent, merchant, django_assert_max_num_queries, rows, role
):
    _cases(agent, merchant, rows)
    client.force_login(request.getfixturevalue(role))
    for model in CHANGELISTS:
        with django_assert_max_num_queries(CHANGELIST_QUERIES, info=model):
            response = client.get(reverse(f"admin:returns_{model}_changelist"), {"all": ""})
        assert response.status_code == 200, model
        listed = response.context["cl"].result_list
        assert len(listed) >= rows // 2, model
        if model == "contact":
            # Each contact has its case, so the case column's join is part of the count.
            page = response.content.decode()
            assert all(contact.case_id and contact.case.reference in page for contact in listed)
