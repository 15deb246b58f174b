"""The order file the import tests read, and ways to change it, import it and look at it."""

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from returns.exports.orders import OrderFileResource
from returns.models import Customer, Order, OrderLine

ORDERS_CSV = Path(__file__).parent / "data" / "orders.csv"
CSV_FORMAT, XLSX_FORMAT = "0", "1"
IMPORT_URL = "admin:returns_order_import"
CONFIRM_URL = "admin:returns_order_process_import"


def csv_text() -> str:
    return ORDERS_CSV.read_text(encoding="utf-8")


def dataset_of(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


def with_cell(text: str, row: int, column: str, value: str) -> str:
    """The CSV with one cell changed; row 1 is the first data row."""
    dataset = dataset_of(text)
    index = dataset.headers.index(column)
    values = list(dataset[row - 1])
    values[index] = value
    dataset[row - 1] = values
    return dataset.export("csv")


def xlsx_bytes(text: str) -> bytes:
    """The CSV as the merchant's spreadsheet would give it: numbers and dates as cells."""
    dataset = dataset_of(text)
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


def import_file(merchant, text: str, *, user=None, dry_run=False, file_name="orders.csv"):
    return OrderFileResource(merchant=merchant).import_data(
        dataset_of(text), dry_run=dry_run, user=user, file_name=file_name
    )


def counts(merchant) -> tuple[int, int, int]:
    return (
        Customer.objects.filter(merchant=merchant).count(),
        Order.objects.filter(merchant=merchant).count(),
        OrderLine.objects.filter(order__merchant=merchant).count(),
    )


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def post_preview(client, merchant, content, *, name="orders.csv", file_format=CSV_FORMAT):
    upload = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    return client.post(
        reverse(IMPORT_URL),
        {"merchant": merchant.pk, "import_file": upload, "format": file_format, "resource": "0"},
    )


def post_confirmation(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(CONFIRM_URL), data)
