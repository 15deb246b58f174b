"""What waits for the user opening the admin, per role: the first thing a supervisor sees.

Counts come from the apps downstream of returns through the app registry (model labels,
not imports), each only for the user's merchants and only with the permission to act on it.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
        _("refunds wait for your approval"),
        "admin:refunds_refundapprovalqueue_changelist",
        "",
    ),
    (
        "fraud.review_fraudcheck",
        "fraud.FraudCheck",
        {"decision__in": ["review", "block"], "review_outcome": ""},
        "refund__merchant",
        _("fraud checks wait for a review"),
        "admin:fraud_fraudreviewqueue_changelist",
        "",
    ),
    (
        "refunds.validate_refund",
        "refunds.Refund",
        {"state": "requested"},
        "merchant",
        _("refund requests to validate"),
        "admin:refunds_refund_changelist",
        "?state__exact=requested",
    ),
    (
        "returns.ship_shipment",
        "returns.Shipment",
        {"status": "to_ship"},
        "merchant",
        _("replacements to ship"),
        "admin:returns_shipment_changelist",
        "?status__exact=to_ship",
    ),
    (
        "refunds.close_refundbatch",
        "refunds.Refund",
        {"state": "approved", "batch__isnull": True},
        "merchant",
        _("approved refunds not yet in a listing"),
        "admin:refunds_refund_changelist",
        "?state__exact=approved",
    ),
    (
        "refunds.confirm_refundbatch",
        "refunds.RefundBatch",
        {"state__in": ["exported", "partly_settled"]},
        "merchant",
        _("listings wait for the bank's confirmation"),
        "admin:refunds_refundbatch_changelist",
        "",
    ),
    (
        "billing.issue_invoice",
        "billing.Invoice",
        {"state": "draft"},
        "merchant",
        _("draft invoices to review and issue"),
        "admin:billing_invoice_changelist",
        "?state__exact=draft",
    ),
    (
        "returns.retry_notification",
        "returns.Notification",
        {"state": "failed"},
        "merchant",
        _("customer e-mails could not be sent"),
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
            items.append(WorkItem(str(text), count, reverse(url_name) + query))
    return items
