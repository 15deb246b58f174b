"""The order file's columns: the one list the import, the export and the README table read."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from returns.choices import PaymentMethod, SalesChannel
from returns.exports.parsing import (
    cell_text,
    parse_amount,
    parse_code,
    parse_email,
    parse_language,
    parse_moment,
    parse_quantity,
)
from returns.models import Merchant
from returns.services import KEEP

# What a column's value belongs to, and where the order line (the export's row) finds it.
PARTS = {"order": "order__", "customer": "order__customer__", "line": ""}


def _moment(value, merchant: Merchant):
    return parse_moment(value, zone=merchant.zone)


def _amount(value, merchant: Merchant):
    return parse_amount(value, currency=merchant.currency)


def _upper(value, merchant: Merchant):
    return cell_text(value).upper()


def _payment_method(value, merchant: Merchant):
    return parse_code(value, codes=PaymentMethod.values, what=_("payment method"))


def _sales_channel(value, merchant: Merchant):
    return parse_code(value, codes=SalesChannel.values, what=_("sales channel"))


def _email(value, merchant: Merchant):
    return parse_email(value)


def _language(value, merchant: Merchant):
    return parse_language(value)


def _quantity(value, merchant: Merchant):
    return parse_quantity(value)


def _one_of(codes) -> str:
    return "one of " + ", ".join(f"`{code}`" for code in codes)


@dataclass(frozen=True)
class Column:
    """One column of the order file.

    `parse` turns a cell into the value (None: the cell's text). An empty cell is an error in a
    required column, clears a text (and a `clears` column), and otherwise keeps what is stored.
    """

    name: str
    part: str  # order, customer or line
    field: str  # of the model and of the service's input
    required: bool
    example: str
    help: str = ""
    parse: Callable[[Any, Merchant], Any] | None = None
    clears: bool = False

    @property
    def attribute(self) -> str:
        return PARTS[self.part] + self.field

    @property
    def is_moment(self) -> bool:
        """Read, and written back, in the merchant's time zone without an offset."""
        return self.parse is _moment

    @property
    def empty_value(self):
        if self.parse is None:
            return ""
        return None if self.clears else KEEP


# In the order of the export's columns (and of the errors a row shows).
COLUMNS = (
    Column(
        "order_number",
        "order",
        "number",
        True,
        "ORD-1001",
        "the shop's own; with the merchant it finds the order again",
    ),
    Column(
        "placed_at",
        "order",
        "placed_at",
        True,
        "2026-11-02 14:05",
        "when the customer ordered",
        parse=_moment,
    ),
    Column(
        "delivered_at",
        "order",
        "delivered_at",
        False,
        "2026-11-04",
        "the return window counts from it; empty: not delivered yet",
        parse=_moment,
        clears=True,
    ),
    Column(
        "currency",
        "order",
        "currency",
        True,
        "EUR",
        "the merchant's currency; another one is refused",
        parse=_upper,
    ),
    Column(
        "total_amount",
        "order",
        "total_amount",
        True,
        "129.90",
        "what the payment captured, shipping and discounts included",
        parse=_amount,
    ),
    Column(
        "payment_method",
        "order",
        "payment_method",
        True,
        "card",
        _one_of(PaymentMethod.values),
        parse=_payment_method,
    ),
    Column(
        "payment_reference",
        "order",
        "payment_reference",
        False,
        "pi_3OabC2Lk",
        "the payment provider's",
    ),
    Column(
        "sales_channel",
        "order",
        "sales_channel",
        False,
        "web",
        _one_of(SalesChannel.values) + "; empty: the stored one, for a new order `web`",
        parse=_sales_channel,
    ),
    Column("promotion_code", "order", "promotion_code", False, "SPRING10"),
    Column(
        "customer_email",
        "customer",
        "email",
        True,
        "ana@example.es",
        "finds the merchant's customer again, in any case",
        parse=_email,
    ),
    Column("customer_name", "customer", "name", True, "Ana García", "as the e-mails greet them"),
    Column(
        "customer_phone",
        "customer",
        "phone",
        False,
        "+34 600 123 456",
        "stored in E.164 (+34600123456); without its country code, read as a number of the "
        "customer's country; one that is no valid number is kept as written",
    ),
    Column(
        "customer_language",
        "customer",
        "preferred_language",
        False,
        "es",
        "of the customer's e-mails and status page; empty: the stored one, "
        "for a new customer the merchant's",
        parse=_language,
    ),
    Column(
        "customer_country",
        "customer",
        "country",
        False,
        "ES",
        "ISO 3166 code; empty: the stored one, for a new customer the merchant's",
        parse=_upper,
    ),
    Column("customer_street", "customer", "street", False, "Calle Mayor 1"),
    Column("customer_postal_code", "customer", "postal_code", False, "28013"),
    Column("customer_city", "customer", "city", False, "Madrid"),
    Column(
        "customer_since",
        "customer",
        "account_opened_at",
        False,
        "2023-06-01",
        "when the account was opened at the shop (the fraud rule on new accounts reads it; "
        "without it, the day the desk first saw the customer); empty: the stored one",
        parse=_moment,
    ),
    Column("sku", "line", "sku", True, "SHOE-RUN-42", "with the order it finds the line again"),
    Column("product_name", "line", "product_name", True, "Running shoes", "as the shop names it"),
    Column("category", "line", "category", False, "shoes"),
    Column(
        "quantity", "line", "quantity", True, "1", "a whole number, at least 1", parse=_quantity
    ),
    Column("unit_price", "line", "unit_price", True, "89.90", "what one item cost", parse=_amount),
)

COLUMN_NAMES = tuple(column.name for column in COLUMNS)
# Every row must have these columns, and a value in each of them.
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
# (part, field) -> the file's column, to name the column in an error about a field.
COLUMN_OF = {(column.part, column.field): column.name for column in COLUMNS}


def columns_markdown() -> str:
    """The columns as the Markdown table the README shows."""
    rows = ["| column | required | example | what it holds |", "| --- | --- | --- | --- |"]
    for column in COLUMNS:
        required = "yes" if column.required else "no"
        rows.append(f"| `{column.name}` | {required} | `{column.example}` | {column.help} |")
    return "\n".join(rows)
