import io
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from returns.choices import PaymentMethod, SalesChannel
from returns.exports.orders import OrderFileResource
from returns.models import Customer, Order, OrderLine
from tests.factories import CustomerFactory, UserFactory

pytestmark = pytest.mark.django_db

ORDERS_CSV = Path(__file__).parent / "data" / "orders.csv"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
IMPORT_URL = "admin:returns_order_import"
CONFIRM_URL = "admin:returns_order_process_import"


def _csv_text() -> str:
    return ORDERS_CSV.read_text(encoding="utf-8")


def _dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


def _with_cell(text: str, row: int, column: str, value: str) -> str:
    """The CSV with one cell changed; row 1 is the first data row."""
    dataset = _dataset(text)
    index = dataset.headers.index(column)
    values = list(dataset[row - 1])
    values[index] = value
    dataset[row - 1] = values
    return dataset.export("csv")


def _xlsx_bytes(text: str) -> bytes:
    """The CSV as the merchant's spreadsheet would give it: numbers and dates as cells."""
    dataset = _dataset(text)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(dataset.headers)
    for values in dataset:
        row = dict(zip(dataset.headers, values, strict=True))
        row["placed_at"] = datetime.fromisoformat(row["placed_at"])
        row["delivered_at"] = (
            datetime.fromisoformat(row["delivered_at"]) if row["delivered_at"] else None
        )
        # Spreadsheets keep amounts as binary floats and quantities as numbers.
        row["total_amount"] = float(row["total_amount"])
        row["unit_price"] = float(row["unit_price"])
        row["quantity"] = float(row["quantity"])
        sheet.append([row[header] for header in dataset.headers])
    sheet.append([None] * len(dataset.headers))  # the blank line spreadsheets often end with
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(merchant, text: str, *, user=None, dry_run=False, file_name="orders.csv"):
    return OrderFileResource(merchant=merchant).import_data(
        _dataset(text), dry_run=dry_run, user=user, file_name=file_name
    )


def _counts(merchant) -> tuple[int, int, int]:
    return (
        Customer.objects.filter(merchant=merchant).count(),
        Order.objects.filter(merchant=merchant).count(),
        OrderLine.objects.filter(order__merchant=merchant).count(),
    )


def _errors(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def _preview(client, merchant, content, *, name="orders.csv", file_format=CSV_FORMAT):
    upload = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(
        reverse(IMPORT_URL),
        {"merchant": merchant.pk, "import_file": upload, "format": file_format, "resource": "0"},
    )


def _confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(CONFIRM_URL), data)


# Through the resource


def test_import_creates_customers_orders_and_lines(merchant, supervisor):
    result = _import(merchant, _csv_text(), user=supervisor)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert _counts(merchant) == (2, 2, 3)
    order = Order.objects.get(merchant=merchant, number="SA-100231")
    assert order.total_amount == Decimal("129.85")
    assert order.currency == "EUR"
    assert order.payment_method == PaymentMethod.CARD
    assert order.sales_channel == SalesChannel.WEB
    assert order.promotion_code == "SPRING10"
    assert order.placed_at == datetime(2025, 3, 1, 14, 5, tzinfo=ZoneInfo("Europe/Berlin"))
    assert order.customer.email == "Jana.Keller@example.org"
    assert order.customer.street == "Torstraße 12"
    lines = {line.sku: line for line in order.lines.all()}
    assert set(lines) == {"SHOE-RUN-42", "SOCK-MERINO-M"}
    assert lines["SOCK-MERINO-M"].quantity == 2
    assert lines["SOCK-MERINO-M"].unit_price == Decimal("19.95")
    assert lines["SHOE-RUN-42"].product_name == 'Running shoes "Trail" 42'
    french = Order.objects.get(number="SA-100232")
    assert french.delivered_at is None
    assert french.customer.preferred_language == "fr"
    assert french.customer.country == "FR"


def test_import_writes_history_with_the_user_and_the_file_name(merchant, supervisor):
    _import(merchant, _csv_text(), user=supervisor, file_name="shop-a-march.csv")

    order = Order.objects.get(number="SA-100231")
    for record in (
        order.history.latest(),
        order.customer.history.latest(),
        order.lines.first().history.latest(),
    ):
        assert record.history_user == supervisor
        assert record.history_change_reason == "imported from shop-a-march.csv"


def test_reimport_of_the_same_file_changes_nothing(merchant, supervisor):
    _import(merchant, _csv_text(), user=supervisor)
    order = Order.objects.get(number="SA-100231")
    history_rows = order.history.count()

    result = _import(merchant, _csv_text(), user=supervisor)

    assert _counts(merchant) == (2, 2, 3)
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == 3
    assert order.history.count() == history_rows


def test_reimport_updates_a_changed_price_without_duplicating(merchant, supervisor):
    _import(merchant, _csv_text(), user=supervisor)
    changed = _with_cell(_csv_text(), 2, "unit_price", "17.50")
    changed = _with_cell(changed, 1, "customer_city", "Potsdam")
    changed = _with_cell(changed, 2, "customer_city", "Potsdam")

    result = _import(merchant, changed, user=supervisor)

    assert not result.has_validation_errors()
    assert _counts(merchant) == (2, 2, 3)
    assert OrderLine.objects.get(sku="SOCK-MERINO-M").unit_price == Decimal("17.50")
    assert Customer.objects.get(email__iexact="jana.keller@example.org").city == "Potsdam"
    assert result.totals["update"] == 2 and result.totals["skip"] == 1


def test_customer_is_found_by_email_in_any_case(merchant, supervisor):
    existing = CustomerFactory(merchant=merchant, email="jana.keller@EXAMPLE.org", name="J. K.")

    _import(merchant, _csv_text(), user=supervisor)

    assert Customer.objects.filter(merchant=merchant).count() == 2
    existing.refresh_from_db()
    assert existing.name == "Jana Keller"
    assert existing.email == "jana.keller@EXAMPLE.org"
    assert existing.orders.get().number == "SA-100231"


def test_same_order_number_at_another_merchant_is_another_order(
    merchant, other_merchant, supervisor
):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    _import(merchant, _csv_text(), user=superuser)
    _import(other_merchant, _csv_text(), user=superuser)

    assert _counts(merchant) == _counts(other_merchant) == (2, 2, 3)


def test_dry_run_writes_nothing(merchant, supervisor):
    result = _import(merchant, _csv_text(), user=supervisor, dry_run=True)

    assert result.totals["new"] == 3
    assert _counts(merchant) == (0, 0, 0)


def test_xlsx_with_float_amounts_and_date_cells_imports_exact_decimals(merchant, supervisor):
    from import_export.formats.base_formats import XLSX

    dataset = XLSX().create_dataset(_xlsx_bytes(_csv_text()))

    result = OrderFileResource(merchant=merchant).import_data(
        dataset, user=supervisor, file_name="orders.xlsx"
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert _counts(merchant) == (2, 2, 3)
    order = Order.objects.get(number="SA-100231")
    assert order.total_amount == Decimal("129.85")
    assert OrderLine.objects.get(sku="SOCK-MERINO-M").unit_price == Decimal("19.95")
    assert order.placed_at == datetime(2025, 3, 1, 14, 5, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("payment_method", "bitcoin", "Unknown payment method"),
        ("sales_channel", "telepathy", "Unknown sales channel"),
        ("customer_language", "klingon", "Unknown language"),
        ("placed_at", "31/02/2025", "is not a date"),
        ("placed_at", "2025-02-30", "is not a date"),
        ("total_amount", "-5.00", "cannot be negative"),
        ("unit_price", "12,5,0", "is not an amount"),
        ("quantity", "0", "at least 1"),
        ("quantity", "1.5", "at least 1"),
        ("currency", "USD", "sells in EUR, not USD"),
        ("customer_email", "not-an-address", "is not an e-mail address"),
        ("customer_country", "XX", "ISO 3166"),
        ("sku", "", "A value is required"),
    ],
)
def test_one_bad_row_imports_nothing_and_names_its_row_and_column(
    merchant, supervisor, column, value, message
):
    text = _with_cell(_csv_text(), 3, column, value)

    result = _import(merchant, text, user=supervisor)

    assert _counts(merchant) == (0, 0, 0)
    errors = _errors(result)
    assert list(errors) == [3]
    assert list(errors[3]) == [column]
    assert message in " ".join(errors[3][column])


def test_missing_columns_are_named_and_nothing_is_imported(merchant, supervisor):
    dataset = _dataset(_csv_text())
    del dataset["unit_price"]
    del dataset["currency"]

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert result.has_errors()
    assert [str(error.error) for error in result.base_errors] == [
        "The file lacks the columns: currency, unit_price."
    ]
    assert _counts(merchant) == (0, 0, 0)


def test_optional_columns_may_be_left_out(merchant, supervisor):
    dataset = _dataset(_csv_text())
    for column in ("delivered_at", "sales_channel", "customer_language", "customer_country"):
        del dataset[column]

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert not result.has_validation_errors()
    customer = Customer.objects.get(email="luc.martin@example.fr")
    assert (customer.preferred_language, customer.country) == ("de", "DE")  # the shop's


def test_an_order_told_two_ways_or_a_line_given_twice_is_an_error(merchant, supervisor):
    text = _with_cell(_csv_text(), 2, "total_amount", "99.00")
    text = _with_cell(text, 2, "sku", "SHOE-RUN-42")

    result = _import(merchant, text, user=supervisor)

    errors = _errors(result)
    assert set(errors[2]) == {"total_amount", "sku"}
    assert "in row 1" in errors[2]["total_amount"][0]
    assert _counts(merchant) == (0, 0, 0)


def test_user_not_assigned_to_the_merchant_cannot_import_into_it(other_merchant, supervisor):
    result = _import(other_merchant, _csv_text(), user=supervisor)

    assert result.has_errors()
    assert "not assigned to Shop B" in str(result.base_errors[0].error)
    assert _counts(other_merchant) == (0, 0, 0)


# Through the admin: preview (a dry run), then confirm


def test_csv_import_previews_then_writes_on_confirmation(client, merchant, supervisor):
    client.force_login(supervisor)

    preview = _preview(client, merchant, _csv_text())

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert "confirm_form" in preview.context
    assert _counts(merchant) == (0, 0, 0)

    confirmed = _confirm(client, preview)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("admin:returns_order_changelist")
    assert _counts(merchant) == (2, 2, 3)
    order = Order.objects.get(number="SA-100231")
    assert order.history.latest().history_change_reason == "imported from orders.csv"
    assert order.history.latest().history_user == supervisor
    listing = client.get(confirmed["Location"])
    assert "Imported: 3 new order lines, 0 updated, 0 unchanged." in listing.text


def test_xlsx_import_through_the_admin(client, merchant, supervisor):
    client.force_login(supervisor)

    preview = _preview(
        client, merchant, _xlsx_bytes(_csv_text()), name="orders.xlsx", file_format=XLSX_FORMAT
    )
    assert preview.context["result"].totals["new"] == 3
    assert _counts(merchant) == (0, 0, 0)
    _confirm(client, preview)

    assert _counts(merchant) == (2, 2, 3)
    assert Order.objects.get(number="SA-100232").total_amount == Decimal("49.90")


def test_admin_reimport_updates_instead_of_duplicating(client, merchant, supervisor):
    client.force_login(supervisor)
    _confirm(client, _preview(client, merchant, _csv_text()))
    changed = _with_cell(_csv_text(), 1, "unit_price", "79.95")

    preview = _preview(client, merchant, changed)

    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 2)
    _confirm(client, preview)
    assert _counts(merchant) == (2, 2, 3)
    assert OrderLine.objects.get(sku="SHOE-RUN-42").unit_price == Decimal("79.95")


def test_admin_preview_of_a_file_with_a_bad_row_names_it_and_offers_no_confirmation(
    client, merchant, supervisor
):
    client.force_login(supervisor)
    text = _with_cell(_csv_text(), 2, "quantity", "-1")

    preview = _preview(client, merchant, text)

    assert "confirm_form" not in preview.context
    assert _errors(preview.context["result"]) == {
        2: {"quantity": ["“-1” is not a quantity; write a whole number of at least 1."]}
    }
    assert "quantity" in preview.text
    assert _counts(merchant) == (0, 0, 0)


def test_merchant_choice_offers_only_the_users_merchants(
    client, merchant, other_merchant, outsider, supervisor
):
    client.force_login(supervisor)

    page = client.get(reverse(IMPORT_URL))

    assert list(page.context["form"].fields["merchant"].queryset) == [merchant]


def test_supervisor_cannot_import_into_a_merchant_not_assigned(
    client, merchant, other_merchant, supervisor
):
    client.force_login(supervisor)

    preview = _preview(client, other_merchant, _csv_text())

    assert preview.status_code == 200
    assert "merchant" in preview.context["form"].errors
    assert "result" not in preview.context
    assert _counts(other_merchant) == (0, 0, 0)


def test_a_tampered_merchant_on_confirmation_imports_nothing(
    client, merchant, other_merchant, supervisor
):
    client.force_login(supervisor)
    preview = _preview(client, merchant, _csv_text())
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["merchant"] = other_merchant.pk

    response = client.post(reverse(CONFIRM_URL), data)

    assert response.status_code == 200
    assert "merchant" in response.context["confirm_form"].errors
    assert _counts(merchant) == _counts(other_merchant) == (0, 0, 0)


def test_agent_gets_no_import(client, merchant, agent):
    client.force_login(agent)

    listing = client.get(reverse("admin:returns_order_changelist"))
    assert listing.status_code == 200
    assert reverse(IMPORT_URL) not in listing.text
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert _preview(client, merchant, _csv_text()).status_code == 403
    assert client.post(reverse(CONFIRM_URL), {}).status_code == 403


def test_supervisor_sees_the_import_button(client, merchant, supervisor):
    client.force_login(supervisor)

    listing = client.get(reverse("admin:returns_order_changelist"))

    assert reverse(IMPORT_URL) in listing.text


# The order export writes the import's columns


def _export_orders(client, file_format=CSV_FORMAT):
    url = reverse("admin:returns_order_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    data.update({"format": file_format, "resource": "0"})
    return client.post(url, data)


def test_order_export_holds_only_the_users_merchants_and_imports_again_unchanged(
    client, merchant, other_merchant, supervisor, agent
):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    _import(merchant, _csv_text(), user=superuser)
    _import(other_merchant, _with_cell(_csv_text(), 3, "order_number", "B-1"), user=superuser)
    client.force_login(agent)

    response = _export_orders(client)

    assert response.status_code == 200
    exported = response.content.decode()
    dataset = _dataset(exported)
    assert sorted(set(dataset["order_number"])) == ["SA-100231", "SA-100232"]
    assert dataset.headers[:2] == ["order_number", "placed_at"]
    assert "B-1" not in exported
    assert dataset["placed_at"][0] == "2025-03-01 14:05"

    result = _import(merchant, exported, user=supervisor, file_name="export.csv")

    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["skip"] == 3
    assert _counts(merchant) == (2, 2, 3)


def test_customer_since_is_read_in_the_merchants_zone_and_exported_back(merchant, supervisor):
    dataset = _dataset(_csv_text())
    dataset.append_col(["2023-06-01 09:30", "2023-06-01 09:30", ""], header="customer_since")

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert not result.has_validation_errors()
    jana = Customer.objects.get(email="Jana.Keller@example.org")
    assert jana.account_opened_at == datetime(
        2023, 6, 1, 9, 30, tzinfo=ZoneInfo(merchant.time_zone)
    )
    assert jana.known_since == jana.account_opened_at
    luc = Customer.objects.get(email="luc.martin@example.fr")
    assert luc.account_opened_at is None and luc.known_since == luc.created_at
    exported = OrderFileResource(merchant=merchant, user=supervisor).export()
    assert exported.dict[0]["customer_since"] == "2023-06-01 09:30"
