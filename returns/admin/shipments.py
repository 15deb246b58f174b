"""Admin of the replacements to ship: transitions and the export of what waits to ship."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from returns import services
from returns.common.admin import (
    ChildHistoryAdmin,
    MerchantScopedAdmin,
    ReadOnlyInline,
    TransitionAction,
    TransitionAdminMixin,
)
from returns.exports.shipments import ShipmentResource
from returns.models import (
    Shipment,
    ShipmentLine,
)


class ShipmentLineInline(ReadOnlyInline):
    model = ShipmentLine
    fields = ["order_line", "quantity"]
    readonly_fields = fields


class ShipForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=100)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100)


@admin.register(Shipment)
class ShipmentAdmin(ExportMixin, TransitionAdminMixin, MerchantScopedAdmin):
    list_display = [
        "case",
        "status",
        "merchant",
        "carrier",
        "tracking_number",
        "created_at",
        "shipped_at",
    ]
    list_filter = ["status", "merchant"]
    search_fields = ["case__reference", "tracking_number", "case__customer__email"]
    list_select_related = ["merchant", "case"]
    readonly_fields = [
        "merchant",
        "case",
        "status",
        "carrier",
        "tracking_number",
        "created_at",
        "shipped_at",
        "delivered_at",
    ]
    inlines = [ShipmentLineInline]
    transition_actions = [
        TransitionAction(
            "ship",
            _("Mark shipped"),
            lambda shipment, *, actor, reason, **kw: services.shipment_mark_shipped(
                shipment=shipment, actor=actor, **kw
            ),
            form=ShipForm,
        ),
        TransitionAction(
            "deliver",
            _("Mark delivered"),
            lambda shipment, *, actor, reason: services.shipment_mark_delivered(
                shipment=shipment, actor=actor
            ),
        ),
    ]

    # "Export" gives the lines waiting to ship (whatever the list's status filter) of the
    # shipments in this user's list: the changelist queryset, merchant-scoped.
    resource_classes = [ShipmentResource]
    export_formats = [CSV, XLSX]

    def has_add_permission(self, request):
        return False

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}


@admin.register(ShipmentLine)
class ShipmentLineAdmin(ChildHistoryAdmin):
    merchant_field = "shipment__merchant"
    list_select_related = ["shipment"]
