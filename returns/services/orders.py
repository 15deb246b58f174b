"""Orders as the shop recorded them. The order file and the shops' API both write through
order_upsert, so the two can never disagree on what an order is."""

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import datetime
from decimal import Decimal
from enum import Enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from returns.common.exceptions import ActionNotPermitted
from returns.common.transitions import ensure_assigned, save_with_history
from returns.exceptions import InvalidOrder
from returns.models import (
    Customer,
    Merchant,
    Order,
    OrderLine,
)


class _Keep(Enum):
    KEEP = "keep"


# A field the shop did not send: the stored value stays, a new record takes the default.
KEEP = _Keep.KEEP


@dataclass(frozen=True)
class CustomerInput:
    """An order's customer, found again by the merchant and the e-mail in any case."""

    email: str
    name: str
    phone: str | _Keep = KEEP
    preferred_language: str | _Keep = KEEP
    country: str | _Keep = KEEP
    street: str | _Keep = KEEP
    postal_code: str | _Keep = KEEP
    city: str | _Keep = KEEP
    account_opened_at: datetime | _Keep | None = KEEP


@dataclass(frozen=True)
class OrderLineInput:
    """One line of an order, found again by the order and the SKU."""

    sku: str
    product_name: str
    quantity: int
    unit_price: Decimal
    category: str | _Keep = KEEP


@dataclass(frozen=True)
class OrderInput:
    """An order as the shop recorded it, found again by the merchant and the number."""

    number: str
    placed_at: datetime
    currency: str
    total_amount: Decimal
    payment_method: str
    customer: CustomerInput
    lines: Sequence[OrderLineInput] = ()
    delivered_at: datetime | _Keep | None = KEEP
    payment_reference: str | _Keep = KEEP
    sales_channel: str | _Keep = KEEP
    promotion_code: str | _Keep = KEEP


@dataclass(frozen=True)
class OrderUpsertResult:
    """What order_upsert stored: the order (its customer on it) and the lines it was given."""

    order: Order
    lines: list[OrderLine]
    created: bool  # the order is new
    changed: bool  # anything was written; False when the same data came again


def _given(data, *, exclude: Sequence[str] = ()) -> dict:
    return {
        name: value
        for name in (f.name for f in dataclass_fields(data))
        if name not in exclude and (value := getattr(data, name)) is not KEEP
    }


def _assign(obj, values: dict) -> bool:
    """Set the values that differ; True when any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _field_errors(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    return {f"{prefix}{name}": list(messages) for name, messages in error.message_dict.items()}


def _merge(errors: dict, more: dict) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)


def order_upsert_check(*, actor, merchant: Merchant) -> None:
    """Raise NotAssigned or ActionNotPermitted unless `actor` may write `merchant`'s orders."""
    ensure_assigned(actor, merchant)
    if not actor.has_perms(["returns.add_order", "returns.change_order"]):
        raise ActionNotPermitted()


def order_currency_errors(*, merchant: Merchant, currency: str) -> list[str]:
    """Why an order of `merchant` cannot be in `currency`; empty when it can."""
    if currency == merchant.currency:
        return []
    return [
        _("%(merchant)s sells in %(expected)s, not %(currency)s.")
        % {"merchant": merchant.name, "expected": merchant.currency, "currency": currency}
    ]


@transaction.atomic
def order_upsert(*, actor, merchant: Merchant, order: OrderInput, reason: str) -> OrderUpsertResult:
    """Create or update an order, its customer and its lines; the same data again writes nothing.

    Raises NotAssigned, ActionNotPermitted, or InvalidOrder naming each wrong field
    (`number`, `customer.email`, `lines.0.sku`).
    """
    order_upsert_check(actor=actor, merchant=merchant)
    errors: dict[str, list[str]] = {}
    if problems := order_currency_errors(merchant=merchant, currency=order.currency):
        errors["currency"] = problems
    for index, line in enumerate(order.lines):
        try:
            OrderLine(**_given(line)).full_clean(exclude=["order"], validate_unique=False)
        except ValidationError as error:
            _merge(errors, _field_errors(error, f"lines.{index}."))
    if errors:
        raise InvalidOrder(errors)

    # The row lock keeps two writers of one order from interleaving their lines.
    stored = (
        Order.objects.select_for_update()
        .select_related("customer")
        .filter(merchant=merchant, number=order.number)
        .first()
    )
    email = order.customer.email
    if stored is not None:
        customer = stored.customer
        if customer.email.lower() != email.lower():
            message = _("Order %(order)s belongs to %(email)s.") % {
                "order": stored.number,
                "email": customer.email,
            }
            raise InvalidOrder({"customer.email": [message]})
        record = stored
    else:
        customer = Customer.objects.filter(merchant=merchant, email__iexact=email).first()
        if customer is None:
            customer = Customer(
                merchant=merchant,
                email=email,
                preferred_language=merchant.default_language,
                country=merchant.country,
            )
        record = Order(merchant=merchant, customer=customer)
    # The e-mail found the customer; one written in another case does not rename them.
    given = _given(order.customer, exclude=["email"])
    if "phone" in given:  # stored in E.164: the same number spelled otherwise changes nothing
        given["phone"] = customer.phone_spelling(given["phone"], country=given.get("country"))
    customer_changed = _assign(customer, given)
    customer_changed = customer_changed or customer.pk is None
    order_changed = _assign(record, _given(order, exclude=["customer", "lines"]))
    created = record.pk is None
    try:
        customer.full_clean()
    except ValidationError as error:
        _merge(errors, _field_errors(error, "customer."))
    try:
        record.full_clean(exclude=["customer"])
    except ValidationError as error:
        _merge(errors, _field_errors(error))
    if errors:
        raise InvalidOrder(errors)

    if customer_changed:
        save_with_history(customer, actor=actor, reason=reason)
    record.customer = customer
    if created or order_changed:
        save_with_history(record, actor=actor, reason=reason)
    changed = customer_changed or created or order_changed
    lines = []
    for line in order.lines:
        stored_line = (
            None if created else OrderLine.objects.filter(order=record, sku=line.sku).first()
        )
        saved = stored_line or OrderLine(order=record)
        if _assign(saved, _given(line)) or stored_line is None:
            save_with_history(saved, actor=actor, reason=reason)
            changed = True
        lines.append(saved)
    return OrderUpsertResult(order=record, lines=lines, created=created, changed=changed)
