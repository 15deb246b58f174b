"""Logging a contact in the admin: the customer and the case must be the contact's merchant's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from returns.models import Contact
from tests.factories import CustomerFactory, ReturnCaseFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:returns_contact_add")


def _post(client, merchant, customer, case=None):
    started = timezone.localtime(timezone.now(), merchant.zone)
    return client.post(
        ADD,
        {
            "merchant": merchant.pk,
            "customer": customer.pk,
            "case": case.pk if case else "",
            "channel": "phone",
            "direction": "inbound",
            "started_at_0": started.strftime("%Y-%m-%d"),
            "started_at_1": started.strftime("%H:%M:%S"),
            "handling_seconds": "70",
            "summary": "Asked where the parcel is.",
        },
    )


def test_a_contact_with_another_merchants_customer_or_case_is_refused(
    client, agent, merchant, other_merchant
):
    other_merchant.staff.add(agent)  # the agent works for both shops
    theirs = CustomerFactory(merchant=other_merchant)
    their_case = ReturnCaseFactory(merchant=other_merchant, order__merchant=other_merchant)
    ours = CustomerFactory(merchant=merchant)
    client.force_login(agent)

    response = _post(client, merchant, theirs)
    assert response.status_code == 200
    assert "another merchant" in str(response.context["adminform"].form.errors["customer"])

    response = _post(client, merchant, ours, their_case)
    assert response.status_code == 200
    assert "another merchant" in str(response.context["adminform"].form.errors["case"])
    assert not Contact.objects.exists()

    response = _post(client, merchant, ours)
    assert response.status_code == 302
    assert Contact.objects.get().customer == ours


def test_a_contact_added_in_the_admin_is_logged_by_the_service(client, agent, merchant):
    customer = CustomerFactory(merchant=merchant)
    client.force_login(agent)
    response = _post(client, merchant, customer)
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.agent, contact.customer, contact.handling_seconds) == (agent, customer, 70)
    last = contact.history.get()
    assert (last.history_user, last.history_change_reason) == (agent, "contact logged")


def test_a_contact_edited_in_the_admin_keeps_its_agent_and_records_why(
    client, agent, supervisor, merchant
):
    customer = CustomerFactory(merchant=merchant)
    client.force_login(agent)
    _post(client, merchant, customer)
    contact = Contact.objects.get()
    started = timezone.localtime(contact.started_at, merchant.zone)
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:returns_contact_change", args=[contact.pk]),
        {
            "merchant": merchant.pk,
            "customer": customer.pk,
            "case": "",
            "channel": "phone",
            "direction": "inbound",
            "started_at_0": started.strftime("%Y-%m-%d"),
            "started_at_1": started.strftime("%H:%M:%S"),
            "handling_seconds": "95",
            "summary": "Asked where the parcel is; sent the tracking link.",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.agent, contact.handling_seconds) == (agent, 95)
    last = contact.history.latest("history_date")
    assert (last.history_user, last.history_change_reason) == (supervisor, "contact changed")
