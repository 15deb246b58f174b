from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from returns.admin_base import HistoryAdmin, MerchantScopedAdmin
from returns.models import Customer, Merchant, Order, OrderLine


@admin.register(Merchant)
class MerchantAdmin(HistoryAdmin):
    list_display = [
        "name",
        "country",
        "default_language",
        "currency",
        "return_window_days",
        "refund_listing_frequency",
        "fee_per_contact",
        "is_active",
    ]
    list_filter = ["is_active", "country", "refund_listing_frequency"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_active"]}),
        (_("Locale"), {"fields": ["country", "default_language", "currency", "time_zone"]}),
        (_("Policy"), {"fields": ["return_window_days", "refund_listing_frequency"]}),
        (
            _("Billing and contacts"),
            {"fields": ["fee_per_contact", "finance_email", "support_email"]},
        ),
        (_("Staff"), {"fields": ["staff"]}),
    ]

    def get_queryset(self, request):
        return Merchant.objects.for_user(request.user)


@admin.register(Customer)
class CustomerAdmin(MerchantScopedAdmin):
    list_display = ["name", "email", "phone", "merchant", "preferred_language", "country"]
    list_filter = ["merchant", "preferred_language", "country"]
    search_fields = ["name", "email", "phone"]
    list_select_related = ["merchant"]
    autocomplete_fields = ["merchant"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    fields = ["sku", "product_name", "category", "quantity", "unit_price"]


@admin.register(Order)
class OrderAdmin(MerchantScopedAdmin):
    list_display = [
        "number",
        "merchant",
        "customer",
        "placed_at",
        "delivered_at",
        "total_amount",
        "currency",
        "payment_method",
        "line_count",
    ]
    list_filter = ["merchant", "payment_method", "sales_channel"]
    search_fields = ["number", "customer__email", "customer__name", "payment_reference"]
    list_select_related = ["merchant", "customer"]
    autocomplete_fields = ["merchant", "customer"]
    date_hierarchy = "placed_at"
    inlines = [OrderLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    @admin.display(description=_("lines"), ordering="line_count")
    def line_count(self, order):
        return order.line_count
