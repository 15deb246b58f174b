"""order_upsert called directly, as the shops' API will: what it writes, refuses and repeats."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from returns import services
from returns.choices import PaymentMethod, SalesChannel
from returns.common.exceptions import ActionNotPermitted, NotAssigned
from returns.exceptions import InvalidOrder
from returns.models import Customer, Order, OrderLine
from returns.services import CustomerInput, OrderInput, OrderLineInput
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

REASON = "received from the shop"


def _order(**changes) -> OrderInput:
    order = OrderInput(
        number="SA-2001",
        placed_at=datetime(2025, 3, 1, 13, 5, tzinfo=UTC),
        currency="EUR",
        total_amount=Decimal("109.85"),
        payment_method=PaymentMethod.CARD,
        customer=CustomerInput(email="ana@example.es", name="Ana García", country="ES"),
        lines=[
            OrderLineInput(
                sku="SHOE-RUN-42",
                product_name="Running shoes",
                quantity=1,
                unit_price=Decimal("89.90"),
            ),
            OrderLineInput(
                sku="SOCK-M", product_name="Socks", quantity=1, unit_price=Decimal("19.95")
            ),
        ],
    )
    return replace(order, **changes)


def _upsert(actor, merchant, order: OrderInput):
    return services.order_upsert(actor=actor, merchant=merchant, order=order, reason=REASON)


def _written(merchant) -> tuple[int, int, int]:
    return (
        Customer.objects.filter(merchant=merchant).count(),
        Order.objects.filter(merchant=merchant).count(),
        OrderLine.objects.filter(order__merchant=merchant).count(),
    )


def test_a_valid_order_is_written_with_its_customer_lines_and_history(merchant, supervisor):
    result = _upsert(supervisor, merchant, _order())

    assert result.created and result.changed
    order = Order.objects.get(merchant=merchant, number="SA-2001")
    assert result.order == order
    assert [line.sku for line in result.lines] == ["SHOE-RUN-42", "SOCK-M"]
    assert order.customer.email == "ana@example.es"
    assert order.customer.country == "ES"
    assert order.customer.preferred_language == "de"  # not given: the merchant's
    assert order.sales_channel == SalesChannel.WEB  # not given: the default
    assert _written(merchant) == (1, 1, 2)
    for record in (order, order.customer, *order.lines.all()):
        latest = record.history.latest()
        assert (latest.history_user, latest.history_change_reason) == (supervisor, REASON)


def test_the_same_order_again_changes_nothing(merchant, supervisor):
    _upsert(supervisor, merchant, _order())
    order = Order.objects.get(number="SA-2001")
    rows = (order.history.count(), order.customer.history.count(), OrderLine.history.count())

    result = _upsert(supervisor, merchant, _order())

    assert not result.created and not result.changed
    assert result.order == order
    assert _written(merchant) == (1, 1, 2)
    assert (
        order.history.count(),
        order.customer.history.count(),
        OrderLine.history.count(),
    ) == rows


def test_a_changed_value_updates_only_its_record(merchant, supervisor):
    _upsert(supervisor, merchant, _order())
    line = OrderLine.objects.get(sku="SOCK-M")
    order_rows = Order.history.count()
    changed = _order()
    changed = replace(changed, lines=[changed.lines[0], replace(changed.lines[1], quantity=2)])

    result = _upsert(supervisor, merchant, changed)

    assert result.changed and not result.created
    line.refresh_from_db()
    assert line.quantity == 2
    assert line.history.latest().history_change_reason == REASON
    assert Order.history.count() == order_rows
    assert _written(merchant) == (1, 1, 2)


def test_a_field_not_given_keeps_the_stored_value(merchant, supervisor):
    _upsert(supervisor, merchant, _order(sales_channel=SalesChannel.APP))

    result = _upsert(supervisor, merchant, _order())

    assert not result.changed
    assert Order.objects.get(number="SA-2001").sales_channel == SalesChannel.APP


def test_the_customer_is_found_by_email_in_any_case(merchant, supervisor):
    existing = CustomerFactory(merchant=merchant, email="ANA@example.es")
    order = _order()

    _upsert(supervisor, merchant, order)

    existing.refresh_from_db()
    assert existing.name == "Ana García"
    assert existing.email == "ANA@example.es"
    assert Order.objects.get(number="SA-2001").customer == existing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"currency": "USD"}, "currency", "Shop A sells in EUR, not USD."),
        ({"payment_method": "bitcoin"}, "payment_method", "is not a valid choice"),
        ({"total_amount": Decimal("-1")}, "total_amount", "greater than or equal to 0"),
        (
            {"customer": CustomerInput(email="ana@example.es", name="Ana", country="XX")},
            "customer.country",
            "ISO 3166",
        ),
        (
            {"customer": CustomerInput(email="not-an-address", name="Ana")},
            "customer.email",
            "valid email",
        ),
        (
            {
                "lines": [
                    OrderLineInput(sku="X", product_name="X", quantity=0, unit_price=Decimal(1))
                ]
            },
            "lines.0.quantity",
            "greater than or equal to 1",
        ),
    ],
)
def test_an_invalid_field_is_named_and_nothing_is_written(
    merchant, supervisor, changes, field, message
):
    with pytest.raises(InvalidOrder) as raised:
        _upsert(supervisor, merchant, _order(**changes))

    assert list(raised.value.errors) == [field]
    assert message in " ".join(raised.value.errors[field])
    assert field in str(raised.value)
    assert _written(merchant) == (0, 0, 0)


def test_an_order_cannot_move_to_another_customer(merchant, supervisor):
    _upsert(supervisor, merchant, _order())
    other = _order(customer=CustomerInput(email="luc@example.fr", name="Luc"))

    with pytest.raises(InvalidOrder) as raised:
        _upsert(supervisor, merchant, other)

    assert raised.value.errors == {"customer.email": ["Order SA-2001 belongs to ana@example.es."]}
    assert _written(merchant) == (1, 1, 2)


def test_a_role_without_the_order_permissions_is_refused(merchant, agent):
    with pytest.raises(ActionNotPermitted):
        _upsert(agent, merchant, _order())

    assert _written(merchant) == (0, 0, 0)


def test_staff_not_assigned_to_the_merchant_are_refused(other_merchant, supervisor):
    with pytest.raises(NotAssigned, match="not assigned to Shop B"):
        _upsert(supervisor, other_merchant, _order())

    assert _written(other_merchant) == (0, 0, 0)
