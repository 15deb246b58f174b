"""The case services: every transition allowed, refused, and leaving its trace; resolving."""

import pytest

from returns import services
from returns.choices import CaseStatus, PolicyOutcome, Resolution, ShipmentStatus
from returns.common.exceptions import ActionNotPermitted, NotAssigned, TransitionNotAllowed
from returns.exceptions import InvalidReturn, OverrideReasonRequired, SupervisorRequired
from returns.models import Shipment
from tests.factories import OrderFactory, ResolutionRuleFactory, ReturnCaseFactory
from tests.returns.helpers import open_case, set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent, merchant):
    return open_case(agent, merchant)


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
