"""The order export writes the import's columns, so an exported file imports again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from returns.exports.orders import OrderFileResource
from returns.models import Customer
from tests.factories import UserFactory
from tests.returns.order_files import (
    CSV_FORMAT,
    counts,
    csv_text,
    dataset_of,
    import_file,
    with_cell,
)

pytestmark = pytest.mark.django_db


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
    import_file(merchant, csv_text(), user=superuser)
    import_file(other_merchant, with_cell(csv_text(), 3, "order_number", "B-1"), user=superuser)
    client.force_login(agent)

    response = _export_orders(client)

    assert response.status_code == 200
    exported = response.content.decode()
    dataset = dataset_of(exported)
    assert sorted(set(dataset["order_number"])) == ["SA-100231", "SA-100232"]
    assert dataset.headers[:2] == ["order_number", "placed_at"]
    assert "B-1" not in exported
    assert dataset["placed_at"][0] == "2025-03-01 14:05"

    result = import_file(merchant, exported, user=supervisor, file_name="export.csv")

    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["skip"] == 3
    assert counts(merchant) == (2, 2, 3)


def test_customer_since_is_read_in_the_merchants_zone_and_exported_back(merchant, supervisor):
    dataset = dataset_of(csv_text())
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
