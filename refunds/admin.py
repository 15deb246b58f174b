from django.contrib import admin, messages
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from refunds import services
from refunds.admin_listings import BatchRefundInline, RefundBatchViews
from refunds.admin_transitions import REFUND_TRANSITIONS
from refunds.choices import RefundState
from refunds.listings import listing_totals
from refunds.models import (
    Redemption,
    Refund,
    RefundApprovalQueue,
    RefundBatch,
    RefundBatchExport,
    RefundLine,
    StoreCredit,
)
from returns.common.admin import (
    ChildHistoryAdmin,
    MerchantScopedAdmin,
    ReadOnlyInline,
    TransitionAction,
    TransitionAdminMixin,
)
from returns.common.exceptions import DomainError
from returns.common.money import format_money
from returns.common.money_admin import money_display


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ["order_line", "quantity", "amount_shown", "reason"]
    readonly_fields = fields
    show_change_link = False
    amount_shown = money_display(RefundLine, "amount", currency="refund__currency")


@admin.register(Refund)
class RefundAdmin(TransitionAdminMixin, MerchantScopedAdmin):
    state_field = "state"
    transition_actions = REFUND_TRANSITIONS
    list_display = [
        "reference",
        "state",
        "merchant",
        "case",
        "order",
        "amount_shown",
        "method",
        "approval_reason",
        "requested_by",
        "requested_at",
    ]
    list_filter = ["state", "merchant", "method", "approval_reason", "fraud_decision"]
    search_fields = ["reference", "case__reference", "order__number", "case__customer__email"]
    list_select_related = ["merchant", "case", "order", "requested_by"]
    date_hierarchy = "requested_at"
    inlines = [RefundLineInline]
    actions = ["validate_selected", "add_selected_to_listing"]
    fieldsets = [
        (None, {"fields": ["reference", "state", "merchant", "case", "order"]}),
        (_("Money"), {"fields": ["amount_shown", "method", "iban", "account_holder"]}),
        (
            _("Decisions"),
            {
                "fields": [
                    "inside_policy",
                    "approval_reason",
                    "fraud_decision",
                    "requested_by",
                    "requested_at",
                    "approved_by",
                    "approved_at",
                    "decision_reason",
                    "alternative",
                ]
            },
        ),
        (_("Payment"), {"fields": ["batch", "paid_by", "paid_at", "payment_reference"]}),
    ]

    amount_shown = money_display(Refund, "amount")

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        # Refunds are requested by resolving a case, where the lines come from.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _report(self, request, done, failed, verb):
        if done:
            self.message_user(
                request,
                _("%(verb)s: %(refunds)s.") % {"verb": verb, "refunds": ", ".join(done)},
                messages.SUCCESS,
            )
        for reference, message in failed:
            self.message_user(
                request,
                _("%(refund)s not changed: %(why)s") % {"refund": reference, "why": message},
                messages.ERROR,
            )

    @admin.action(description=_("Validate the selected refunds"), permissions=["validate"])
    def validate_selected(self, request, queryset):
        done, failed = [], []
        for refund in queryset.order_by("requested_at"):
            try:
                services.refund_validate(refund=refund, actor=request.user)
            except DomainError as error:
                failed.append((refund.reference, error.message))
            else:
                done.append(refund.reference)
        self._report(request, done, failed, _("Validated"))

    def has_validate_permission(self, request):
        return request.user.has_perm("refunds.validate_refund")

    @admin.action(
        description=_("Add the selected refunds to their merchant's listing"),
        permissions=["batch"],
    )
    def add_selected_to_listing(self, request, queryset):
        done, failed = [], []
        for refund in queryset.select_related("merchant").order_by("requested_at"):
            try:
                today = timezone.localdate(timezone=refund.merchant.zone)
                batch = services.refund_batch_open(
                    merchant=refund.merchant, day=today, actor=request.user
                )
                services.refund_add_to_batch(refund=refund, actor=request.user, batch=batch)
            except DomainError as error:
                failed.append((refund.reference, error.message))
            else:
                done.append(refund.reference)
        self._report(request, done, failed, _("Added to their listing"))

    def has_batch_permission(self, request):
        return request.user.has_perm("refunds.batch_refund")


@admin.register(RefundApprovalQueue)
class RefundApprovalQueueAdmin(RefundAdmin):
    """What waits for a supervisor, oldest first; decisions on the refund's page."""

    list_display = [
        "reference",
        "approval_reason",
        "merchant",
        "case",
        "amount_shown",
        "requested_by",
        "requested_at",
        "fraud_decision",
    ]
    list_filter = ["approval_reason", "merchant"]
    ordering = ["requested_at"]
    actions = []
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=RefundState.PENDING_APPROVAL)


@admin.register(RefundBatch)
class RefundBatchAdmin(RefundBatchViews, MerchantScopedAdmin):
    list_display = [
        "reference",
        "merchant",
        "frequency",
        "period_start",
        "period_end",
        "state",
        "refund_count",
        "refund_total",
        "exported_at",
    ]
    list_filter = ["state", "merchant", "frequency"]
    search_fields = ["reference", "refunds__reference"]
    list_select_related = ["merchant"]
    date_hierarchy = "period_start"
    readonly_fields = [
        "reference",
        "merchant",
        "frequency",
        "period_start",
        "period_end",
        "state",
        "totals",
        "opened_by",
        "exported_by",
        "exported_at",
    ]
    inlines = [BatchRefundInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(refund_count=Count("refunds"), refund_total=Sum("refunds__amount"))
        )

    @admin.display(description=_("refunds"), ordering="refund_count")
    def refund_count(self, batch):
        return batch.refund_count

    @admin.display(description=_("total"), ordering="refund_total")
    def refund_total(self, batch):
        if batch.refund_total is None:
            return "—"
        return format_money(batch.refund_total, batch.merchant.currency)

    @admin.display(description=_("totals per currency"))
    def totals(self, batch):
        return (
            ", ".join(
                ngettext(
                    "%(total)s (%(count)s refund)", "%(total)s (%(count)s refunds)", row["count"]
                )
                % {"total": format_money(row["total"], row["currency"]), "count": row["count"]}
                for row in listing_totals(batch)
            )
            or "—"
        )


class RedemptionInline(ReadOnlyInline):
    model = Redemption
    fields = ["amount_shown", "order_reference", "redeemed_at", "redeemed_by"]
    readonly_fields = fields
    show_change_link = False
    amount_shown = money_display(Redemption, "amount", currency="store_credit__currency")


@admin.register(StoreCredit)
class StoreCreditAdmin(TransitionAdminMixin, MerchantScopedAdmin):
    state_field = "state"
    list_display = [
        "__str__",
        "merchant",
        "customer",
        "initial_value_shown",
        "balance_shown",
        "state",
        "expires_at",
    ]
    list_filter = ["state", "merchant"]
    search_fields = ["code_last4", "customer__email", "customer__name"]
    list_select_related = ["merchant", "customer"]
    inlines = [RedemptionInline]
    readonly_fields = [
        "merchant",
        "customer",
        "case",
        "code_last4",
        "initial_value_shown",
        "balance_shown",
        "expires_at",
        "state",
        "created_at",
    ]
    exclude = ["code_hash", "initial_value", "balance", "currency"]
    initial_value_shown = money_display(StoreCredit, "initial_value")
    balance_shown = money_display(StoreCredit, "balance")
    transition_actions = [
        TransitionAction(
            "void",
            _("Void"),
            lambda credit, *, actor, reason: services.store_credit_void(
                credit=credit, actor=actor, reason=reason
            ),
            reason_required=True,
            dangerous=True,
        )
    ]

    def has_add_permission(self, request):
        return False


@admin.register(RefundLine)
class RefundLineAdmin(ChildHistoryAdmin):
    merchant_field = "refund__merchant"
    list_select_related = ["refund", "order_line"]


@admin.register(Redemption)
class RedemptionAdmin(ChildHistoryAdmin):
    merchant_field = "store_credit__merchant"
    list_select_related = ["store_credit"]


@admin.register(RefundBatchExport)
class RefundBatchExportAdmin(ChildHistoryAdmin):
    merchant_field = "batch__merchant"
    list_select_related = ["batch"]
