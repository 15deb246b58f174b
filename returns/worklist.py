"""What waits for the user opening the admin, per role: the first thing a supervisor sees.

Counts come from the apps downstream of returns through the app registry (model labels,
not imports), each only for the user's merchants and only with the permission to act on it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from returns.common.extensions import narrow_work
from returns.models import Merchant


@dataclass(frozen=True)
class WorkItem:
    label: str
    count: int
    url: str


# (permission, model label, lookups, merchant path, label, admin url name, query string)
SOURCES = [
    (
        "refunds.approve_exception_refund",
        "refunds.Refund",
        {"state": "pending_approval"},
        "merchant",
        ngettext_lazy(
            "refund waits for your approval",
            "refunds wait for your approval",
            "count",
        ),
        "admin:refunds_refundapprovalqueue_changelist",
        "",
    ),
    (
        "fraud.review_fraudcheck",
        "fraud.FraudCheck",
        {"decision__in": ["review", "block"], "review_outcome": ""},
        "refund__merchant",
        ngettext_lazy(
            "fraud check waits for a review",
            "fraud checks wait for a review",
            "count",
        ),
        "admin:fraud_fraudreviewqueue_changelist",
        "",
    ),
    (
        "refunds.validate_refund",
        "refunds.Refund",
        {"state": "requested"},
        "merchant",
        ngettext_lazy(
            "refund request to validate",
            "refund requests to validate",
            "count",
        ),
        "admin:refunds_refund_changelist",
        "?state__exact=requested",
    ),
    (
        "returns.ship_shipment",
        "returns.Shipment",
        {"status": "to_ship"},
        "merchant",
        ngettext_lazy(
            "replacement to ship",
            "replacements to ship",
            "count",
        ),
        "admin:returns_shipment_changelist",
        "?status__exact=to_ship",
    ),
    (
        "refunds.close_refundbatch",
        "refunds.Refund",
        {"state": "approved", "batch__isnull": True},
        "merchant",
        ngettext_lazy(
            "approved refund not yet in a listing",
            "approved refunds not yet in a listing",
            "count",
        ),
        "admin:refunds_refund_changelist",
        "?state__exact=approved",
    ),
    (
        "refunds.confirm_refundbatch",
        "refunds.RefundBatch",
        {"state__in": ["exported", "partly_settled"]},
        "merchant",
        ngettext_lazy(
            "listing waits for the bank's confirmation",
            "listings wait for the bank's confirmation",
            "count",
        ),
        "admin:refunds_refundbatch_changelist",
        "",
    ),
    (
        "billing.issue_invoice",
        "billing.Invoice",
        {"state": "draft"},
        "merchant",
        ngettext_lazy(
            "draft invoice to review and issue",
            "draft invoices to review and issue",
            "count",
        ),
        "admin:billing_invoice_changelist",
        "?state__exact=draft",
    ),
    (
        "returns.retry_notification",
        "returns.Notification",
        {"state": "failed"},
        "merchant",
        ngettext_lazy(
            "customer e-mail could not be sent",
            "customer e-mails could not be sent",
            "count",
        ),
        "admin:returns_notification_changelist",
        "?state__exact=failed",
    ),
]


def work_for(user) -> list[WorkItem]:
    """The non-empty items of work this user may act on."""
    if not user.is_authenticated or not user.is_staff:
        return []
    mine = Merchant.objects.for_user(user).values("pk")
    items = []
    for permission, label, lookups, merchant_path, text, url_name, query in SOURCES:
        app_label, model_name = label.split(".")
        if not apps.is_installed(app_label) or not user.has_perm(permission):
            continue
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        queryset = model._default_manager.filter(**lookups)
        if not user.is_superuser:
            queryset = queryset.filter(**{f"{merchant_path}__in": mine})
        count = narrow_work(permission, queryset, user).count()
        if count:
            items.append(WorkItem(str(text % {"count": count}), count, reverse(url_name) + query))
    return items
