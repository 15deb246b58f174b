import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from returns.exports.shipments import ShipmentResource
from returns.models import Shipment, ShipmentLine
from tests.factories import (
    CustomerFactory,
    OrderFactory,
    OrderLineFactory,
    ReturnCaseFactory,
    ShipmentFactory,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = "admin:returns_shipment_export"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
HEADERS = [
    "case_reference",
    "merchant",
    "customer_name",
    "street",
    "postal_code",
    "city",
    "country",
    "email",
    "phone",
    "sku",
    "product",
    "quantity",
    "created_at",
]


def _shipment(merchant, *, name="Jana Keller", sku=None, quantity=1, shipped=False, **customer):
    """A replacement with one line for a customer with an address."""
    customer = CustomerFactory(
        merchant=merchant,
        name=name,
        street=customer.pop("street", "Torstraße 12"),
        postal_code="10119",
        city="Berlin",
        country="DE",
        phone=customer.pop("phone", "+49 30 1234567"),
        **customer,
    )
    order = OrderFactory(merchant=merchant, customer=customer)
    line = OrderLineFactory(order=order, sku=sku or f"SKU-{name[:4].upper()}", quantity=2)
    shipment = ShipmentFactory(case=ReturnCaseFactory(order=order))
    ShipmentLine.objects.create(shipment=shipment, order_line=line, quantity=quantity)
    if shipped:
        shipment.ship(carrier="DHL", tracking_number="00340434", at=timezone.now())
        shipment.save()
    return shipment


def _export(client, file_format=CSV_FORMAT, query=""):
    url = reverse(EXPORT_URL) + query
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    data.update({"format": file_format, "resource": "0"})
    return client.post(url, data)


def _csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_export_lists_what_waits_to_ship_with_what_the_warehouse_needs(
    client, merchant, supervisor
):
    shipment = _shipment(merchant, sku="SHOE-RUN-42", quantity=1)
    Shipment.objects.filter(pk=shipment.pk).update(
        created_at=datetime(2025, 3, 10, 8, 30, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(supervisor)

    response = _export(client)

    rows = _csv_rows(response)
    assert list(rows[0]) == HEADERS
    assert rows == [
        {
            "case_reference": shipment.case.reference,
            "merchant": "Shop A",
            "customer_name": "Jana Keller",
            "street": "Torstraße 12",
            "postal_code": "10119",
            "city": "Berlin",
            "country": "DE",
            "email": shipment.case.customer.email,
            "phone": "'+49 30 1234567",  # escaped like every cell starting with +
            "sku": "SHOE-RUN-42",
            "product": "Running shoes",
            "quantity": "1",
            "created_at": "2025-03-10 09:30",  # in the merchant's time zone
        }
    ]


def test_export_holds_only_the_users_merchants_and_only_what_waits_to_ship(
    client, merchant, other_merchant, agent
):
    waiting = _shipment(merchant, name="Waiting Customer")
    _shipment(merchant, name="Shipped Customer", shipped=True)
    _shipment(other_merchant, name="Other Shop Customer")
    client.force_login(agent)

    rows = _csv_rows(_export(client))

    assert [row["case_reference"] for row in rows] == [waiting.case.reference]


def test_export_follows_the_list_filter_and_search(client, merchant, supervisor):
    _shipment(merchant, name="Anna Alpha")
    beta = _shipment(merchant, name="Bert Beta")
    client.force_login(supervisor)

    rows = _csv_rows(_export(client, query=f"?q={beta.case.reference}"))

    assert [row["customer_name"] for row in rows] == ["Bert Beta"]


def test_export_quotes_cells_a_spreadsheet_would_run_as_formulas(client, merchant, supervisor):
    _shipment(
        merchant,
        name='=HYPERLINK("http://evil.example","x")',
        street="@SUM(1+1)",
        phone="+49 30 1234567",
    )
    client.force_login(supervisor)

    (row,) = _csv_rows(_export(client))

    assert row["customer_name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["street"] == "'@SUM(1+1)"
    assert row["phone"] == "'+49 30 1234567"  # "+49 30 1" is a (broken) formula too


def test_xlsx_export_holds_formulas_as_text(client, merchant, supervisor):
    _shipment(merchant, name='=HYPERLINK("x")')
    client.force_login(supervisor)

    response = _export(client, XLSX_FORMAT)

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADERS
    name = row[HEADERS.index("customer_name")]
    assert name == '\'=HYPERLINK("x")'
    assert sheet.cell(row=2, column=HEADERS.index("customer_name") + 1).data_type == "s"


def test_user_without_shipment_permission_cannot_export(client, merchant, finance_user):
    _shipment(merchant)
    client.force_login(finance_user)

    assert client.get(reverse(EXPORT_URL)).status_code == 403


def test_export_button_on_the_shipment_list(client, merchant, agent):
    client.force_login(agent)

    listing = client.get(reverse("admin:returns_shipment_changelist"))

    assert reverse(EXPORT_URL) in listing.text


def test_resource_limits_to_the_users_merchants(merchant, other_merchant, agent):
    mine = _shipment(merchant, name="Mine")
    _shipment(other_merchant, name="Theirs")

    dataset = ShipmentResource(user=agent).export(Shipment.objects.all())

    assert dataset.headers == HEADERS
    assert [row[0] for row in dataset] == [mine.case.reference]
