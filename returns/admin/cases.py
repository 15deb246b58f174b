"""Admin of the return cases: their lines, transitions and the contact desk's URL."""

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from returns import services
from returns.choices import Resolution
from returns.common.admin import (
    ChildHistoryAdmin,
    MerchantScopedAdmin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    TransitionAction,
    TransitionAdminMixin,
)
from returns.forms import ResolutionReasonsForm
from returns.models import (
    Contact,
    ReturnCase,
    ReturnCaseLine,
    Shipment,
)
from returns.policy import suggest_resolution


class ReturnCaseLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReturnCaseLine
    show_change_link = True
    extra = 0
    fields = ["order_line", "quantity", "reason", "condition"]
    raw_id_fields = ["order_line"]


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ["started_at", "channel", "direction", "handling_seconds", "agent", "summary"]
    readonly_fields = fields


class ShipmentInline(ReadOnlyInline):
    model = Shipment
    fields = ["status", "carrier", "tracking_number", "shipped_at", "delivered_at"]
    readonly_fields = fields


class ResolveForm(ResolutionReasonsForm):
    resolution = forms.ChoiceField(label=_("Resolution"), choices=Resolution.choices)
    field_order = ["resolution", "override_reason", "rejection_choice", "rejection_reason"]

    def __init__(self, *args, obj: ReturnCase | None = None, **kwargs):
        super().__init__(*args, case=obj, **kwargs)


def _resolve(
    case, *, actor, reason, resolution, override_reason, rejection_reason, rejection_choice
):
    return services.case_resolve(
        case=case,
        actor=actor,
        resolution=resolution,
        override_reason=override_reason or reason,
        rejection_reason=rejection_reason,
        rejection_choice=rejection_choice,
    )


@admin.register(ReturnCase)
class ReturnCaseAdmin(TransitionAdminMixin, MerchantScopedAdmin):
    list_display = [
        "reference",
        "status",
        "merchant",
        "customer",
        "order",
        "suggested_outcome",
        "inside_policy",
        "resolution",
        "opened_at",
    ]
    list_filter = ["status", "merchant", "resolution", "inside_policy"]
    search_fields = ["reference", "order__number", "customer__email", "customer__phone"]
    list_select_related = ["merchant", "customer", "order"]
    date_hierarchy = "opened_at"
    inlines = [ReturnCaseLineInline, ShipmentInline, ContactInline]
    readonly_fields = [
        "reference",
        "merchant",
        "customer",
        "order",
        "status",
        "policy_explanation",
        "suggested_outcome",
        "inside_policy",
        "resolution",
        "override_reason",
        "rejection_choice",
        "rejection_reason",
        "resolved_by",
        "resolved_at",
        "opened_by",
        "opened_at",
    ]
    fields = [*readonly_fields, "note"]
    transition_actions = [
        TransitionAction(
            "await_item",
            _("Wait for the item"),
            lambda case, **kw: services.case_await_item(case=case, **kw),
        ),
        TransitionAction(
            "receive_item",
            _("Item received"),
            lambda case, **kw: services.case_receive_item(case=case, **kw),
        ),
        TransitionAction("resolve", _("Resolve"), _resolve, form=ResolveForm),
        TransitionAction(
            "close", _("Close"), lambda case, **kw: services.case_close(case=case, **kw)
        ),
        TransitionAction(
            "cancel",
            _("Cancel the case"),
            lambda case, **kw: services.case_cancel(case=case, **kw),
            reason_required=True,
            dangerous=True,
        ),
    ]

    def has_add_permission(self, request):
        # Cases are opened from the contact desk, where the order and its lines are chosen.
        return False

    @admin.display(description=_("policy"))
    def policy_explanation(self, case):
        return suggest_resolution(case).explanation

    def get_urls(self):
        from returns.desk.views import desk_view

        return [
            path(
                "desk/",
                self.admin_site.admin_view(lambda request: desk_view(request, self)),
                name="returns_desk",
            ),
            *super().get_urls(),
        ]


@admin.register(ReturnCaseLine)
class ReturnCaseLineAdmin(ChildHistoryAdmin):
    merchant_field = "case__merchant"
    list_select_related = ["case", "order_line"]
