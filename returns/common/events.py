"""Business events the services publish, inside their transaction, for listeners such as the
customer notifications. A listener writes its rows in the same transaction, so a rolled-back
change leaves no trace and a committed one is never lost."""

from collections import defaultdict
from collections.abc import Callable

CASE_OPENED = "case_opened"
CASE_RESOLVED = "case_resolved"
SHIPMENT_SHIPPED = "shipment_shipped"
REFUND_PAID = "refund_paid"
REFUND_REJECTED = "refund_rejected"

_listeners: dict[str, list[Callable[..., None]]] = defaultdict(list)


def subscribe(event: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def decorator(listener: Callable[..., None]) -> Callable[..., None]:
        if listener not in _listeners[event]:
            _listeners[event].append(listener)
        return listener

    return decorator


def publish(event: str, **payload) -> None:
    for listener in _listeners[event]:
        listener(**payload)
