from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.exceptions import ContactInvoiced
from returns import services as returns_services
from returns.models import Contact
from tests.billing.conftest import at, contact, draft
from tests.factories import UserFactory

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


def test_the_contact_service_refuses_to_edit_what_an_invoice_counted(invoiced, supervisor):
    item, invoice = invoiced
    item.handling_seconds = 999
    with pytest.raises(ContactInvoiced) as refused:
        returns_services.contact_change(actor=supervisor, contact=item)
    assert invoice.number in str(refused.value.message)
    assert Contact.objects.get(pk=item.pk).handling_seconds != 999


def test_the_contact_service_edits_the_summary_of_an_invoiced_contact(invoiced, supervisor):
    item, _invoice = invoiced
    item.summary = "Corrected the summary."
    returns_services.contact_change(actor=supervisor, contact=item)
    assert Contact.objects.get(pk=item.pk).summary == "Corrected the summary."


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


def _change_form_data(item: Contact, **changes) -> dict:
    """What the contact's admin page posts back when `changes` are typed into it."""
    local = timezone.localtime(item.started_at)
    return {
        "merchant": item.merchant_id,
        "customer": item.customer_id or "",
        "case": item.case_id or "",
        "channel": item.channel,
        "direction": item.direction,
        "started_at_0": local.date().isoformat(),
        "started_at_1": local.time().isoformat(),
        "handling_seconds": item.handling_seconds,
        "summary": item.summary,
        **changes,
    }


@pytest.mark.parametrize(("field", "value"), [("handling_seconds", 999), ("channel", "email")])
def test_the_admin_refuses_to_edit_an_invoiced_contact_with_a_message(
    client, supervisor, invoiced, field, value
):
    item, invoice = invoiced
    client.force_login(supervisor)
    url = reverse("admin:returns_contact_change", args=[item.pk])
    response = client.post(url, _change_form_data(item, **{field: value}))
    assert response.status_code == 200  # the form again, not a redirect
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and invoice.number in errors[0]
    assert errors[0] in response.content.decode()
    stored = Contact.objects.get(pk=item.pk)
    assert getattr(stored, field) == getattr(item, field)


def test_the_admin_saves_the_summary_of_an_invoiced_contact(client, supervisor, invoiced):
    item, _invoice = invoiced
    client.force_login(supervisor)
    url = reverse("admin:returns_contact_change", args=[item.pk])
    response = client.post(url, _change_form_data(item, summary="Corrected the summary."))
    assert response.status_code == 302
    assert Contact.objects.get(pk=item.pk).summary == "Corrected the summary."


@pytest.fixture
def superuser(db):
    # No role may delete contacts; only a superuser reaches the delete page at all.
    return UserFactory(username="sue.superuser", is_staff=True, is_superuser=True)


def test_the_delete_page_lists_an_invoiced_contact_as_protected(client, superuser, invoiced):
    item, invoice = invoiced
    client.force_login(superuser)
    url = reverse("admin:returns_contact_delete", args=[item.pk])
    page = client.get(url)
    assert page.status_code == 200
    (label,) = page.context["protected"]
    assert str(Contact.objects.get(pk=item.pk)) in label and invoice.number in label
    assert label in page.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 200
    assert Contact.objects.filter(pk=item.pk).exists()


def test_deleting_selected_contacts_lists_only_the_invoiced_one_as_protected(
    client, superuser, invoiced, merchant
):
    item, invoice = invoiced
    free = contact(merchant, at(merchant, 2025, 4, 2, 12))
    client.force_login(superuser)
    page = client.post(
        reverse("admin:returns_contact_changelist"),
        {"action": "delete_selected", "_selected_action": [item.pk, free.pk]},
    )
    assert page.status_code == 200
    (label,) = page.context["protected"]
    assert str(Contact.objects.get(pk=item.pk)) in label and invoice.number in label
    assert Contact.objects.filter(pk__in=[item.pk, free.pk]).count() == 2
