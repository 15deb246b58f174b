from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.choices import InvoiceState
from billing.models import Invoice
from tests.billing.conftest import at, contact, draft
from tests.factories import MerchantFactory

pytestmark = pytest.mark.django_db


def _invoices(merchant, count: int) -> None:
    rows = [
        Invoice(
            merchant=merchant,
            period_start=date(2000 + index // 12, index % 12 + 1, 1),
            period_end=date(2000 + index // 12, index % 12 + 1, 28),
            starts_at=timezone.now(),
            ends_at=timezone.now(),
            language="de",
            currency="EUR",
        )
        for index in range(count)
    ]
    Invoice.objects.bulk_create(rows)


@pytest.mark.parametrize("rows", [10, 200])
def test_invoice_list_query_count_does_not_grow_with_rows(
    client, finance_user, merchant, django_assert_max_num_queries, rows
):
    _invoices(merchant, rows)
    client.force_login(finance_user)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:billing_invoice_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def test_finance_sees_only_their_merchants_invoices(client, finance_user, merchant):
    _invoices(merchant, 2)
    _invoices(MerchantFactory(slug="elsewhere", name="Elsewhere"), 3)
    client.force_login(finance_user)
    response = client.get(reverse("admin:billing_invoice_changelist"))
    assert response.context["cl"].result_count == 2


def test_finance_issues_from_the_invoice_page_and_downloads_the_pdf(client, finance_user, merchant):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = draft(merchant, finance_user)
    client.force_login(finance_user)
    page = client.get(reverse("admin:billing_invoice_change", args=[invoice.pk]))
    issue_url = reverse("admin:billing_invoice_transition", args=[invoice.pk, "issue"])
    assert issue_url.encode() in page.content
    assert client.post(issue_url).status_code == 302
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.ISSUED
    response = client.get(reverse("admin:billing_invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert invoice.number in response["Content-Disposition"]


def test_supervisor_sees_no_issue_button(client, finance_user, supervisor, merchant):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = draft(merchant, finance_user)
    client.force_login(supervisor)
    page = client.get(reverse("admin:billing_invoice_change", args=[invoice.pk]))
    assert page.status_code == 200
    assert b"/transition/issue/" not in page.content
    client.post(reverse("admin:billing_invoice_transition", args=[invoice.pk, "issue"]))
    invoice.refresh_from_db()
    assert invoice.state == InvoiceState.DRAFT


def test_an_issued_invoice_page_changes_nothing(client, finance_user, merchant):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    invoice = services.invoice_issue(invoice=draft(merchant, finance_user), actor=finance_user)
    client.force_login(finance_user)
    url = reverse("admin:billing_invoice_change", args=[invoice.pk])
    client.post(url, {"note": "changed", "total": "1.00"})
    invoice.refresh_from_db()
    assert invoice.note == "" and invoice.total == Decimal("0.67")


def test_finance_exports_invoice_lines_as_csv(client, finance_user, merchant):
    contact(merchant, at(merchant, 2025, 3, 10, 12))
    contact(merchant, at(merchant, 2025, 3, 11, 12), channel="email")
    draft(merchant, finance_user)
    client.force_login(finance_user)
    response = client.post(
        reverse("admin:billing_invoice_export"),
        {
            "format": "0",
            "resource": "1",
            **{
                f"invoicelineresource_{name}": "on"
                for name in ("invoice", "merchant", "channel", "quantity", "unit_fee", "amount")
            },
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "phone" in body and "email" in body and "0.55" in body


def test_handling_time_report_shows_agents_channels_and_the_target(
    client, supervisor, merchant, agent, django_assert_max_num_queries
):
    today = timezone.localdate()
    for seconds in (60, 80, 200):
        contact(merchant, timezone.now() - timedelta(minutes=5), seconds=seconds, agent=agent)
    contact(merchant, timezone.now() - timedelta(minutes=5), channel="chat", agent=agent)
    client.force_login(supervisor)
    url = reverse("admin:billing_handlingtimereport_changelist")
    with django_assert_max_num_queries(12):
        response = client.get(
            url, {"first_day": today.replace(day=1).isoformat(), "last_day": today.isoformat()}
        )
    assert response.status_code == 200
    rows = {
        (item["row"].agent, item["row"].channel): item["row"] for item in response.context["rows"]
    }
    phone = rows[(agent.username, "phone")]
    assert (phone.contacts, phone.average_seconds, phone.target_seconds) == (
        3,
        Decimal("113.3"),
        90,
    )
    assert phone.over_target_share == Decimal("33.3")
    assert b"handling-time-report" in response.content


def test_agents_cannot_open_the_report(client, agent):
    client.force_login(agent)
    response = client.get(reverse("admin:billing_handlingtimereport_changelist"))
    assert response.status_code == 403
