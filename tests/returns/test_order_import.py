"""The order file through its resource: what a row writes, and that nothing is written twice."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from returns.choices import PaymentMethod, SalesChannel
from returns.exports.orders import OrderFileResource
from returns.models import Customer, Order, OrderLine
from tests.factories import CustomerFactory, UserFactory
from tests.returns.order_files import (
    counts,
    csv_text,
    dataset_of,
    import_file,
    with_cell,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_import_creates_customers_orders_and_lines(merchant, supervisor):
    result = import_file(merchant, csv_text(), user=supervisor)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert counts(merchant) == (2, 2, 3)
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
    import_file(merchant, csv_text(), user=supervisor, file_name="shop-a-march.csv")

    order = Order.objects.get(number="SA-100231")
    for record in (
        order.history.latest(),
        order.customer.history.latest(),
        order.lines.first().history.latest(),
    ):
        assert record.history_user == supervisor
        assert record.history_change_reason == "imported from shop-a-march.csv"


def test_reimport_of_the_same_file_changes_nothing(merchant, supervisor):
    import_file(merchant, csv_text(), user=supervisor)
    order = Order.objects.get(number="SA-100231")
    history_rows = order.history.count()

    result = import_file(merchant, csv_text(), user=supervisor)

    assert counts(merchant) == (2, 2, 3)
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == 3
    assert order.history.count() == history_rows


def test_reimport_updates_a_changed_price_without_duplicating(merchant, supervisor):
    import_file(merchant, csv_text(), user=supervisor)
    changed = with_cell(csv_text(), 2, "unit_price", "17.50")
    changed = with_cell(changed, 1, "customer_city", "Potsdam")
    changed = with_cell(changed, 2, "customer_city", "Potsdam")

    result = import_file(merchant, changed, user=supervisor)

    assert not result.has_validation_errors()
    assert counts(merchant) == (2, 2, 3)
    assert OrderLine.objects.get(sku="SOCK-MERINO-M").unit_price == Decimal("17.50")
    assert Customer.objects.get(email__iexact="jana.keller@example.org").city == "Potsdam"
    assert result.totals["update"] == 2 and result.totals["skip"] == 1


def test_customer_is_found_by_email_in_any_case(merchant, supervisor):
    existing = CustomerFactory(merchant=merchant, email="jana.keller@EXAMPLE.org", name="J. K.")

    import_file(merchant, csv_text(), user=supervisor)

    assert Customer.objects.filter(merchant=merchant).count() == 2
    existing.refresh_from_db()
    assert existing.name == "Jana Keller"
    assert existing.email == "jana.keller@EXAMPLE.org"
    assert existing.orders.get().number == "SA-100231"


def test_same_order_number_at_another_merchant_is_another_order(
    merchant, other_merchant, supervisor
):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    import_file(merchant, csv_text(), user=superuser)
    import_file(other_merchant, csv_text(), user=superuser)

    assert counts(merchant) == counts(other_merchant) == (2, 2, 3)


def test_dry_run_writes_nothing(merchant, supervisor):
    result = import_file(merchant, csv_text(), user=supervisor, dry_run=True)

    assert result.totals["new"] == 3
    assert counts(merchant) == (0, 0, 0)


def test_xlsx_with_float_amounts_and_date_cells_imports_exact_decimals(merchant, supervisor):
    from import_export.formats.base_formats import XLSX

    dataset = XLSX().create_dataset(xlsx_bytes(csv_text()))

    result = OrderFileResource(merchant=merchant).import_data(
        dataset, user=supervisor, file_name="orders.xlsx"
    )

    assert not result.has_errors() and not result.has_validation_errors()
    assert counts(merchant) == (2, 2, 3)
    order = Order.objects.get(number="SA-100231")
    assert order.total_amount == Decimal("129.85")
    assert OrderLine.objects.get(sku="SOCK-MERINO-M").unit_price == Decimal("19.95")
    assert order.placed_at == datetime(2025, 3, 1, 14, 5, tzinfo=ZoneInfo("Europe/Berlin"))


def test_optional_columns_may_be_left_out(merchant, supervisor):
    dataset = dataset_of(csv_text())
    for column in ("delivered_at", "sales_channel", "customer_language", "customer_country"):
        del dataset[column]

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert not result.has_validation_errors()
    customer = Customer.objects.get(email="luc.martin@example.fr")
    assert (customer.preferred_language, customer.country) == ("de", "DE")  # the shop's
