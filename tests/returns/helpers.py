"""Cases as an agent opens them on the desk, for the tests of the returns services."""

from datetime import timedelta

from django.utils import timezone

from returns import services
from returns.choices import ItemCondition
from returns.services import ReturnLineInput
from tests.factories import OrderFactory, OrderLineFactory, ReturnReasonFactory


def open_case(actor, merchant, *, delivered_days_ago=5, quantity=1, covered=True, sku="SKU-1"):
    """A case as an agent opens it on the desk: one line of a two-piece order line."""
    order = OrderFactory(
        merchant=merchant, delivered_at=timezone.now() - timedelta(days=delivered_days_ago)
    )
    line = OrderLineFactory(order=order, sku=sku, quantity=2)
    reason = ReturnReasonFactory(merchant=merchant, code="too-small", is_covered=covered)
    return services.case_open(
        actor=actor,
        order=order,
        lines=[ReturnLineInput(line, quantity, reason, ItemCondition.UNOPENED)],
    )


def set_status(obj, status):
    type(obj).objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj
