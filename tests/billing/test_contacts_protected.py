from datetime import timedelta

import pytest
from django.db import transaction

from billing import services
from billing.exceptions import ContactInvoiced
from returns import services as returns_services
from tests.billing.conftest import at, contact, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoiced(merchant, finance_user):
    """A contact of March 2025 on an issued invoice."""
    item = contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = services.invoice_issue(invoice=draft(merchant, finance_user), actor=finance_user)
    return item, invoice


@pytest.mark.parametrize(
    ("field", "value"),
    [("channel", "email"), ("handling_seconds", 999), ("started_at", None)],
)
def test_billable_fields_of_an_invoiced_contact_refuse_change(invoiced, field, value):
    item, invoice = invoiced
    if field == "started_at":
        value = item.started_at + timedelta(hours=1)
    setattr(item, field, value)
    with pytest.raises(ContactInvoiced) as refused:
        item.save()
    assert invoice.number in str(refused.value.message)


def test_an_invoiced_contact_cannot_move_to_another_merchant(invoiced, other_merchant):
    item, _invoice = invoiced
    item.merchant = other_merchant
    with pytest.raises(ContactInvoiced):
        item.save()


def test_an_invoiced_contact_cannot_be_deleted(invoiced):
    item, _invoice = invoiced
    with pytest.raises(ContactInvoiced), transaction.atomic():
        item.delete()
    assert type(item).objects.filter(pk=item.pk).exists()


def test_the_summary_of_an_invoiced_contact_may_change(invoiced):
    item, _invoice = invoiced
    item.summary = "Corrected the summary."
    item.save()


def test_a_contact_cannot_be_logged_into_an_invoiced_month(invoiced, merchant, agent):
    with pytest.raises(ContactInvoiced):
        returns_services.contact_log(
            actor=agent,
            merchant=merchant,
            channel="phone",
            handling_seconds=60,
            started_at=at(merchant, 2025, 3, 20, 9),
        )


def test_contacts_of_a_draft_month_stay_editable(merchant, finance_user):
    item = contact(merchant, at(merchant, 2025, 3, 10, 12))
    draft(merchant, finance_user)
    item.handling_seconds = 70
    item.save()


def test_voiding_the_invoice_frees_its_contacts(invoiced, finance_user):
    item, invoice = invoiced
    services.invoice_void(invoice=invoice, actor=finance_user, reason="Wrong channel")
    item.channel = "chat"
    item.save()
    item.delete()
