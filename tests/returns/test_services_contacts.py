"""The contact services: logging a contact, resolving with it, editing it."""

import pytest

from returns import services
from returns.choices import CaseStatus, ContactChannel, Resolution
from returns.common.exceptions import ActionNotPermitted, NotAssigned
from returns.exceptions import InvalidReturn, OverrideReasonRequired
from returns.models import Contact
from tests.factories import CustomerFactory
from tests.returns.helpers import open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent, merchant):
    return open_case(agent, merchant)


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


# --- resolving a case with its contact ---------------------------------------------------


def _resolve_with_contact(case, actor, **overrides):
    return services.contact_resolve(
        **{
            "actor": actor,
            "case": case,
            "resolution": Resolution.REFUND,
            "channel": ContactChannel.PHONE,
            "handling_seconds": 180,
            "summary": "Refund agreed on the phone.",
            **overrides,
        }
    )


def test_resolving_with_the_contact_writes_both(case, agent, merchant):
    contact = _resolve_with_contact(case, agent)
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_by) == (
        CaseStatus.RESOLVED,
        Resolution.REFUND,
        agent,
    )
    assert contact.case == case and contact.case.status == CaseStatus.RESOLVED
    stored = Contact.objects.get()
    assert (stored.pk, stored.merchant, stored.customer, stored.case) == (
        contact.pk,
        merchant,
        case.customer,
        case,
    )
    assert (stored.agent, stored.handling_seconds) == (agent, 180)
    assert case.history.latest("history_date").history_change_reason == "resolved as refund"
    last = stored.history.get()
    assert (last.history_user, last.history_change_reason) == (agent, "contact logged")


def test_a_contact_that_cannot_be_logged_rolls_the_resolution_back(case, agent):
    rows = case.history.count()
    with pytest.raises(InvalidReturn):
        _resolve_with_contact(case, agent, channel="pigeon")  # not a channel: full_clean fails
    case.refresh_from_db()
    assert (case.status, case.resolution, case.resolved_by) == (CaseStatus.OPEN, "", None)
    assert case.history.count() == rows
    assert not Contact.objects.exists()


def test_a_resolution_that_is_refused_logs_no_contact(case, agent):
    with pytest.raises(OverrideReasonRequired):
        _resolve_with_contact(case, agent, resolution=Resolution.STORE_CREDIT)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
def test_resolving_with_the_contact_is_refused_to_finance_and_auditors(case, request, role):
    with pytest.raises(ActionNotPermitted):
        _resolve_with_contact(case, request.getfixturevalue(role))
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Contact.objects.exists()


def test_resolving_with_the_contact_is_refused_to_staff_of_another_merchant(case, outsider):
    with pytest.raises(NotAssigned):
        _resolve_with_contact(case, outsider)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not Contact.objects.exists()


# --- editing a contact -------------------------------------------------------------------


@pytest.fixture
def logged(agent, merchant):
    return services.contact_log(
        actor=agent,
        merchant=merchant,
        channel=ContactChannel.PHONE,
        handling_seconds=60,
        customer=CustomerFactory(merchant=merchant),
        summary="Asked for a label.",
    )


def test_editing_a_contact_saves_it_with_its_history_reason(logged, supervisor):
    logged.summary = "Asked for a label and a pickup."
    services.contact_change(actor=supervisor, contact=logged)
    stored = Contact.objects.get(pk=logged.pk)
    assert stored.summary == "Asked for a label and a pickup."
    assert stored.agent == logged.agent  # who took the contact stays who took it
    last = stored.history.latest("history_date")
    assert (last.history_user, last.history_change_reason) == (supervisor, "contact changed")


def test_editing_a_contact_records_the_reason_given(logged, agent):
    logged.handling_seconds = 90
    services.contact_change(actor=agent, contact=logged, reason="Forgot the wrap-up time.")
    last = Contact.objects.get(pk=logged.pk).history.latest("history_date")
    assert last.history_change_reason == "Forgot the wrap-up time."


def test_editing_a_contact_to_another_merchants_customer_is_refused(logged, agent, other_merchant):
    rows = logged.history.count()
    customer = logged.customer
    logged.customer = CustomerFactory(merchant=other_merchant)
    with pytest.raises(InvalidReturn):
        services.contact_change(actor=agent, contact=logged)
    assert Contact.objects.get(pk=logged.pk).customer == customer
    assert logged.history.count() == rows


def test_a_contact_cannot_be_moved_to_a_merchant_the_actor_does_not_work_for(
    logged, agent, other_merchant
):
    logged.merchant, logged.customer = other_merchant, None
    with pytest.raises(NotAssigned):
        services.contact_change(actor=agent, contact=logged)
    assert Contact.objects.get(pk=logged.pk).merchant_id != other_merchant.pk


def test_editing_a_contact_is_refused_to_staff_of_another_merchant(logged, outsider):
    logged.summary = "Changed by someone else."
    with pytest.raises(NotAssigned):
        services.contact_change(actor=outsider, contact=logged)
    assert Contact.objects.get(pk=logged.pk).summary == "Asked for a label."


@pytest.mark.parametrize("role", ["finance_user", "auditor"])
def test_editing_a_contact_is_refused_to_finance_and_auditors(logged, request, role):
    logged.summary = "Changed without the right."
    with pytest.raises(ActionNotPermitted):
        services.contact_change(actor=request.getfixturevalue(role), contact=logged)
    assert Contact.objects.get(pk=logged.pk).summary == "Asked for a label."
