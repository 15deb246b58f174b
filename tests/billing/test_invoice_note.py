import pytest
from django.urls import reverse

from billing import services
from billing.exceptions import InvoiceLocked
from returns.common.exceptions import ActionNotPermitted, NotAssigned
from tests.billing.conftest import at, contact, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_draft(merchant, finance_user):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    return draft(merchant, finance_user)


def test_finance_sets_the_note_of_a_draft_with_a_history_reason(march_draft, finance_user):
    invoice = services.invoice_set_note(
        invoice=march_draft, actor=finance_user, note="Thank you for March."
    )
    invoice.refresh_from_db()
    assert invoice.note == "Thank you for March."
    row = invoice.history.latest()
    assert row.note == "Thank you for March."
    assert row.history_user == finance_user
    assert row.history_change_reason == "note edited"


def test_an_issued_invoice_takes_no_note(march_draft, finance_user):
    invoice = services.invoice_issue(invoice=march_draft, actor=finance_user)
    rows = invoice.history.count()
    with pytest.raises(InvoiceLocked):
        services.invoice_set_note(invoice=invoice, actor=finance_user, note="Too late.")
    invoice.refresh_from_db()
    assert invoice.note == ""
    assert invoice.history.count() == rows


def test_a_supervisor_cannot_set_the_note(march_draft, supervisor):
    with pytest.raises(ActionNotPermitted):
        services.invoice_set_note(invoice=march_draft, actor=supervisor, note="Mine.")
    march_draft.refresh_from_db()
    assert march_draft.note == ""


def test_staff_of_another_merchant_cannot_set_the_note(march_draft, outsider):
    with pytest.raises(NotAssigned):
        services.invoice_set_note(invoice=march_draft, actor=outsider, note="Not mine.")
    march_draft.refresh_from_db()
    assert march_draft.note == ""


def _change_form_data(response) -> dict:
    """What the browser posts back: the form's initial values and each inline's management."""
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def test_the_invoice_page_saves_the_note_through_the_service(client, march_draft, finance_user):
    client.force_login(finance_user)
    url = reverse("admin:billing_invoice_change", args=[march_draft.pk])
    data = _change_form_data(client.get(url))
    data["note"] = "Paid by transfer, thank you."
    assert client.post(url, data).status_code == 302
    march_draft.refresh_from_db()
    assert march_draft.note == "Paid by transfer, thank you."
    row = march_draft.history.latest()
    assert (row.history_user, row.history_change_reason) == (finance_user, "note edited")
