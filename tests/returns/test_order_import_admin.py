"""The order import in the admin: a preview (a dry run), then the confirmation."""

from decimal import Decimal

import pytest
from django.urls import reverse

from returns.models import Order, OrderLine
from tests.returns.order_files import (
    CONFIRM_URL,
    IMPORT_URL,
    XLSX_FORMAT,
    counts,
    csv_text,
    errors_by_row,
    post_confirmation,
    post_preview,
    with_cell,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_csv_import_previews_then_writes_on_confirmation(client, merchant, supervisor):
    client.force_login(supervisor)

    preview = post_preview(client, merchant, csv_text())

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    assert "confirm_form" in preview.context
    assert counts(merchant) == (0, 0, 0)

    confirmed = post_confirmation(client, preview)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("admin:returns_order_changelist")
    assert counts(merchant) == (2, 2, 3)
    order = Order.objects.get(number="SA-100231")
    assert order.history.latest().history_change_reason == "imported from orders.csv"
    assert order.history.latest().history_user == supervisor
    listing = client.get(confirmed["Location"])
    assert "Imported: 3 new order lines, 0 lines updated, 0 lines unchanged." in listing.text


def test_xlsx_import_through_the_admin(client, merchant, supervisor):
    client.force_login(supervisor)

    preview = post_preview(
        client, merchant, xlsx_bytes(csv_text()), name="orders.xlsx", file_format=XLSX_FORMAT
    )
    assert preview.context["result"].totals["new"] == 3
    assert counts(merchant) == (0, 0, 0)
    post_confirmation(client, preview)

    assert counts(merchant) == (2, 2, 3)
    assert Order.objects.get(number="SA-100232").total_amount == Decimal("49.90")


def test_admin_reimport_updates_instead_of_duplicating(client, merchant, supervisor):
    client.force_login(supervisor)
    post_confirmation(client, post_preview(client, merchant, csv_text()))
    changed = with_cell(csv_text(), 1, "unit_price", "79.95")

    preview = post_preview(client, merchant, changed)

    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 1, 2)
    post_confirmation(client, preview)
    assert counts(merchant) == (2, 2, 3)
    assert OrderLine.objects.get(sku="SHOE-RUN-42").unit_price == Decimal("79.95")


def test_admin_preview_of_a_file_with_a_bad_row_names_it_and_offers_no_confirmation(
    client, merchant, supervisor
):
    client.force_login(supervisor)
    text = with_cell(csv_text(), 2, "quantity", "-1")

    preview = post_preview(client, merchant, text)

    assert "confirm_form" not in preview.context
    assert errors_by_row(preview.context["result"]) == {
        2: {"quantity": ["“-1” is not a quantity; write a whole number of at least 1."]}
    }
    assert "quantity" in preview.text
    assert counts(merchant) == (0, 0, 0)


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

    preview = post_preview(client, other_merchant, csv_text())

    assert preview.status_code == 200
    assert "merchant" in preview.context["form"].errors
    assert "result" not in preview.context
    assert counts(other_merchant) == (0, 0, 0)


def test_a_tampered_merchant_on_confirmation_imports_nothing(
    client, merchant, other_merchant, supervisor
):
    client.force_login(supervisor)
    preview = post_preview(client, merchant, csv_text())
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["merchant"] = other_merchant.pk

    response = client.post(reverse(CONFIRM_URL), data)

    assert response.status_code == 200
    assert "merchant" in response.context["confirm_form"].errors
    assert counts(merchant) == counts(other_merchant) == (0, 0, 0)


def test_agent_gets_no_import(client, merchant, agent):
    client.force_login(agent)

    listing = client.get(reverse("admin:returns_order_changelist"))
    assert listing.status_code == 200
    assert reverse(IMPORT_URL) not in listing.text
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert post_preview(client, merchant, csv_text()).status_code == 403
    assert client.post(reverse(CONFIRM_URL), {}).status_code == 403


def test_supervisor_sees_the_import_button(client, merchant, supervisor):
    client.force_login(supervisor)

    listing = client.get(reverse("admin:returns_order_changelist"))

    assert reverse(IMPORT_URL) in listing.text
