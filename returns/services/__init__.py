"""What people do on the returns desk, one module a concern; each function is one action in one
transaction. Other apps and the admin import them from here."""

from returns.services.cases import (
    SUGGESTED_RESOLUTION,
    ReturnLineInput,
    case_await_item,
    case_cancel,
    case_close,
    case_open,
    case_receive_item,
    case_resolve,
)
from returns.services.contacts import contact_change, contact_log, contact_resolve
from returns.services.orders import (
    KEEP,
    CustomerInput,
    OrderInput,
    OrderLineInput,
    OrderUpsertResult,
    order_currency_errors,
    order_upsert,
    order_upsert_check,
)
from returns.services.shipments import (
    shipment_create_for_case,
    shipment_mark_delivered,
    shipment_mark_shipped,
)

__all__ = [
    "KEEP",
    "SUGGESTED_RESOLUTION",
    "CustomerInput",
    "OrderInput",
    "OrderLineInput",
    "OrderUpsertResult",
    "ReturnLineInput",
    "case_await_item",
    "case_cancel",
    "case_close",
    "case_open",
    "case_receive_item",
    "case_resolve",
    "contact_change",
    "contact_log",
    "contact_resolve",
    "order_currency_errors",
    "order_upsert",
    "order_upsert_check",
    "shipment_create_for_case",
    "shipment_mark_delivered",
    "shipment_mark_shipped",
]
