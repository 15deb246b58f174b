"""A wrong order file: every wrong row and column named, and nothing imported."""

import pytest

from returns.exports.orders import OrderFileResource
from tests.returns.order_files import (
    counts,
    csv_text,
    dataset_of,
    errors_by_row,
    import_file,
    with_cell,
)

pytestmark = pytest.mark.django_db


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
    text = with_cell(csv_text(), 3, column, value)

    result = import_file(merchant, text, user=supervisor)

    assert counts(merchant) == (0, 0, 0)
    errors = errors_by_row(result)
    assert list(errors) == [3]
    assert list(errors[3]) == [column]
    assert message in " ".join(errors[3][column])


def test_missing_columns_are_named_and_nothing_is_imported(merchant, supervisor):
    dataset = dataset_of(csv_text())
    del dataset["unit_price"]
    del dataset["currency"]

    result = OrderFileResource(merchant=merchant).import_data(dataset, user=supervisor)

    assert result.has_errors()
    assert [str(error.error) for error in result.base_errors] == [
        "The file lacks the columns: currency, unit_price."
    ]
    assert counts(merchant) == (0, 0, 0)


def test_an_order_told_two_ways_or_a_line_given_twice_is_an_error(merchant, supervisor):
    text = with_cell(csv_text(), 2, "total_amount", "99.00")
    text = with_cell(text, 2, "sku", "SHOE-RUN-42")

    result = import_file(merchant, text, user=supervisor)

    errors = errors_by_row(result)
    assert set(errors[2]) == {"total_amount", "sku"}
    assert "in row 1" in errors[2]["total_amount"][0]
    assert counts(merchant) == (0, 0, 0)


def test_user_not_assigned_to_the_merchant_cannot_import_into_it(other_merchant, supervisor):
    result = import_file(other_merchant, csv_text(), user=supervisor)

    assert result.has_errors()
    assert "not assigned to Shop B" in str(result.base_errors[0].error)
    assert counts(other_merchant) == (0, 0, 0)
