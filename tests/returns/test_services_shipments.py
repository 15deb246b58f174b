"""The shipment services: every transition allowed, refused, and leaving its trace."""

import pytest

from returns import services
from returns.choices import PolicyOutcome, Resolution, ShipmentStatus
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from returns.exceptions import InvalidReturn
from tests.factories import ResolutionRuleFactory
from tests.returns.helpers import open_case, set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment(supervisor, merchant):
    ResolutionRuleFactory(merchant=merchant, outcome=PolicyOutcome.REPLACEMENT)
    replaced = open_case(supervisor, merchant)
    services.case_resolve(case=replaced, actor=supervisor, resolution=Resolution.REPLACEMENT)
    return replaced.shipments.get()


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
