"""The returns domain's data: merchants, orders, policy, cases, contacts, shipments, e-mails."""

# The order of these imports is the order the models were declared in (the staff history
# last), so the app registry lists them, and creates their content types and permissions,
# as it always did; a model added later comes after them.
# isort: off
from returns.models.merchants import Merchant, MerchantQuerySet, default_accepted_conditions
from returns.models.orders import Customer, Order, OrderLine
from returns.models.policy import ResolutionRule, ReturnReason
from returns.models.cases import ReturnCase, ReturnCaseLine, new_case_reference
from returns.models.contacts import Contact
from returns.models.shipments import Shipment, ShipmentLine
from returns.models.scripts import ResponseScript
from returns.models.notifications import Notification, NotificationTemplate
from returns.models.surveys import SurveyResponse
from returns.models import staff  # noqa: F401  (registers the User and Group history)
from returns.models.rejections import RejectionReason

# isort: on
__all__ = [
    "Contact",
    "Customer",
    "Merchant",
    "MerchantQuerySet",
    "Notification",
    "NotificationTemplate",
    "Order",
    "OrderLine",
    "RejectionReason",
    "ResolutionRule",
    "ResponseScript",
    "ReturnCase",
    "ReturnCaseLine",
    "ReturnReason",
    "Shipment",
    "ShipmentLine",
    "SurveyResponse",
    "default_accepted_conditions",
    "new_case_reference",
]
