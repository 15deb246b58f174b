"""Blocklists, customer flags, disputes and request signals: what the rules look at."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from fraud import services
from fraud.models import BlocklistEntry, CustomerFlag, Dispute, RequestSignal
from returns.common.admin import MerchantScopedAdmin
from returns.common.money_admin import money_display


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(MerchantScopedAdmin):
    global_rows = True

    list_display = ["value", "kind", "merchant", "reason", "expires_at", "created_by"]
    list_filter = ["kind", "merchant"]
    search_fields = ["value", "reason"]
    list_select_related = ["merchant", "created_by"]
    fields = ["merchant", "kind", "value", "reason", "expires_at", "created_by", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["created_by", "created_at"]
        return ["merchant", "kind", "value", "created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if change:
            services.blocklist_change(
                entry=obj, actor=request.user, reason=obj.reason, expires_at=obj.expires_at
            )
            return
        entry = services.blocklist_add(
            actor=request.user,
            kind=obj.kind,
            value=obj.value,
            reason=obj.reason,
            merchant=obj.merchant,
            expires_at=obj.expires_at,
        )
        obj.pk = entry.pk


@admin.register(CustomerFlag)
class CustomerFlagAdmin(MerchantScopedAdmin):
    merchant_field = "customer__merchant"
    list_display = ["customer", "level", "reason", "flagged_by", "flagged_at"]
    list_filter = ["level"]
    search_fields = ["customer__email", "customer__name", "reason"]
    list_select_related = ["customer", "flagged_by"]
    raw_id_fields = ["customer"]
    fields = ["customer", "level", "reason", "flagged_by", "flagged_at"]
    readonly_fields = ["flagged_by", "flagged_at"]

    def save_model(self, request, obj, form, change):
        flag = services.customer_flag(
            actor=request.user, customer=obj.customer, level=obj.level, reason=obj.reason
        )
        obj.pk = flag.pk

    def delete_model(self, request, obj):
        services.customer_unflag(
            actor=request.user, customer=obj.customer, reason=_("flag removed in the admin")
        )

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "customer"] if obj else self.readonly_fields


@admin.register(Dispute)
class DisputeAdmin(MerchantScopedAdmin):
    merchant_field = "order__merchant"
    list_display = ["order", "amount_shown", "opened_at", "reason"]
    search_fields = ["order__number", "reason"]
    list_select_related = ["order"]
    raw_id_fields = ["order"]
    date_hierarchy = "opened_at"
    amount_shown = money_display(Dispute, "amount", currency="order__currency")


@admin.register(RequestSignal)
class RequestSignalAdmin(MerchantScopedAdmin):
    merchant_field = "case__merchant"
    list_display = ["case", "ip_address", "shipping_country", "billing_country"]
    search_fields = ["case__reference", "ip_address"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]
