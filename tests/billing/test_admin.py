import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.choices import InvoiceState
from billing.exports import InvoiceLineResource, InvoiceResource
from billing.models import Invoice, InvoiceLine
from tests.billing.conftest import at, contact, draft, tariff
from tests.factories import MerchantFactory, UserFactory

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


CSV_FORMAT, XLSX_FORMAT = "0", "1"


def _invoice_row(invoice: Invoice) -> tuple:
    return (
        invoice.number,
        invoice.state,
        invoice.merchant.name,
        invoice.contact_count,
        invoice.subtotal,
        invoice.vat_amount,
        invoice.total,
    )


def _line_row(line: InvoiceLine) -> tuple:
    return (
        line.invoice.number,
        line.invoice.merchant.name,
        line.channel,
        line.quantity,
        line.unit_fee,
        line.vat_rate,
        line.amount,
    )


# Per resource: its index in InvoiceAdmin.resource_classes, the columns compared, and the same
# values read from the database. Integer and Decimal columns are read back as such.
EXPORTS = {
    "invoices": (
        "0",
        InvoiceResource,
        [("number", str), ("state", str), ("merchant", str), ("contacts", int)]
        + [(name, Decimal) for name in ("subtotal", "vat", "total")],
        lambda merchant: [
            _invoice_row(invoice)
            for invoice in Invoice.objects.filter(merchant=merchant).select_related("merchant")
        ],
    ),
    "lines": (
        "1",
        InvoiceLineResource,
        [("invoice", str), ("merchant", str), ("channel", str), ("contacts", int)]
        + [(name, Decimal) for name in ("fee_per_contact", "vat_rate", "amount")],
        lambda merchant: [
            _line_row(line)
            for line in InvoiceLine.objects.filter(invoice__merchant=merchant).select_related(
                "invoice__merchant"
            )
        ],
    ),
}


def _exported_rows(response, file_format: str) -> list[dict]:
    if file_format == CSV_FORMAT:
        return list(csv.DictReader(io.StringIO(response.content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _typed(value, kind):
    if value in (None, ""):
        return "" if kind is str else None
    # XLSX holds numbers as floats: their shortest repr is the decimal the export wrote.
    return Decimal(str(value)) if kind is Decimal else kind(value)


@pytest.fixture
def invoices_to_export(merchant, other_merchant, finance_user):
    """An issued March with a mid-month price change, a draft April, another merchant's draft."""
    tariff(merchant, date(2025, 1, 1), date(2025, 3, 14), fee="0.55")
    tariff(merchant, date(2025, 3, 15), fee="0.60")
    for day, channel in [(3, "phone"), (10, "email"), (17, "phone"), (20, "phone"), (24, "chat")]:
        contact(merchant, at(merchant, 2025, 3, day, 12), channel=channel)
    contact(merchant, at(merchant, 2025, 4, 2, 12), channel="email")
    services.invoice_issue(invoice=draft(merchant, finance_user), actor=finance_user)
    draft(merchant, finance_user, month=4)
    contact(other_merchant, at(other_merchant, 2025, 3, 5, 12))
    other_merchant.staff.add(finance_user)
    draft(other_merchant, finance_user)
    other_merchant.staff.remove(finance_user)


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT], ids=["csv", "xlsx"])
@pytest.mark.parametrize("resource", list(EXPORTS))
def test_finance_exports_invoices_and_lines_as_in_the_database(
    client, finance_user, merchant, invoices_to_export, resource, file_format
):
    index, resource_class, columns, expected = EXPORTS[resource]
    prefix = resource_class.__name__.lower()
    client.force_login(finance_user)
    response = client.post(
        reverse("admin:billing_invoice_export"),
        {
            "format": file_format,
            "resource": index,
            **{f"{prefix}_{name}": "on" for name in resource_class().get_export_order()},
        },
    )
    assert response.status_code == 200
    exported = [
        tuple(_typed(row[name], kind) for name, kind in columns)
        for row in _exported_rows(response, file_format)
    ]
    rows = expected(merchant)
    assert len(rows) >= 2  # the issued March and the draft April, not the other merchant's
    assert sorted(exported) == sorted(rows)


@pytest.mark.parametrize("extra_agents", [0, 6])
def test_handling_time_report_shows_agents_channels_subtotals_and_the_target(
    client, supervisor, merchant, agent, django_assert_max_num_queries, extra_agents
):
    today = timezone.localdate()
    moment = timezone.now() - timedelta(minutes=5)
    for seconds in (60, 80, 200):
        contact(merchant, moment, seconds=seconds, agent=agent)
    contact(merchant, moment, channel="chat", agent=agent)
    for index in range(extra_agents):
        helper = UserFactory(username=f"helper{index}", is_staff=True)
        contact(merchant, moment, channel="email", seconds=30, agent=helper)
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
    assert len(rows) == 4 + extra_agents * 2
    phone = rows[(agent.username, "phone")]
    assert (phone.contacts, phone.average_seconds, phone.target_seconds) == (
        3,
        Decimal("113.3"),
        90,
    )
    assert phone.over_target_share == Decimal("33.3")
    anna = rows[(agent.username, "")]
    assert (anna.contacts, anna.average_seconds, anna.over_target) == (4, Decimal("105.0"), 1)
    everyone = rows[("", "")]
    assert everyone.contacts == 4 + extra_agents
    assert everyone.target_seconds == 90
    assert everyone.on_target == (extra_agents > 0)  # 420 s / 4 is over; with 6 x 30 s under
    body = response.content.decode()
    assert 'id="handling-time-report"' in body
    assert body.count('class="merchant-total"') == 1
    assert body.count('class="agent-total"') == 1 + extra_agents
    assert "All agents" in body and "All channels" in body


def test_the_merchant_total_carries_the_target_line(client, supervisor, merchant, agent):
    today = timezone.localdate()
    contact(merchant, timezone.now() - timedelta(minutes=5), seconds=120, agent=agent)
    client.force_login(supervisor)
    response = client.get(
        reverse("admin:billing_handlingtimereport_changelist"),
        {"first_day": today.replace(day=1).isoformat(), "last_day": today.isoformat()},
    )
    total = next(item for item in response.context["rows"] if item["row"].is_merchant_total)
    assert str(total["agent"]) == "All agents" and str(total["channel"]) == "All channels"
    # The bar is over the target (red), the target line at its place on the shared scale.
    assert total["bar"] > total["target"] > 0
    assert not total["row"].on_target


def test_agents_cannot_open_the_report(client, agent):
    client.force_login(agent)
    response = client.get(reverse("admin:billing_handlingtimereport_changelist"))
    assert response.status_code == 403
