"""Admin of the customers and their orders: the order file's import and export, order lines."""

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from returns.common.admin import (
    ChildHistoryAdmin,
    MerchantScopedAdmin,
)
from returns.common.money_admin import money_display
from returns.exports.forms import OrderConfirmImportForm, OrderImportForm
from returns.exports.orders import OrderFileResource
from returns.models import (
    Customer,
    Merchant,
    Order,
    OrderLine,
)


@admin.register(Customer)
class CustomerAdmin(MerchantScopedAdmin):
    list_display = ["name", "email", "phone", "merchant", "preferred_language", "country"]
    list_filter = ["merchant", "preferred_language", "country"]
    search_fields = ["name", "email", "phone"]
    list_select_related = ["merchant"]
    autocomplete_fields = ["merchant"]


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    show_change_link = True  # to the line's own page and its history
    extra = 0
    fields = ["sku", "product_name", "category", "quantity", "unit_price"]


@admin.register(Order)
class OrderAdmin(ImportExportMixin, MerchantScopedAdmin):
    list_display = [
        "number",
        "merchant",
        "customer",
        "placed_at",
        "delivered_at",
        "total_amount_shown",
        "payment_method",
        "line_count",
    ]
    list_filter = ["merchant", "payment_method", "sales_channel"]
    search_fields = ["number", "customer__email", "customer__name", "payment_reference"]
    list_select_related = ["merchant", "customer"]
    autocomplete_fields = ["merchant", "customer"]
    date_hierarchy = "placed_at"
    inlines = [OrderLineInline]
    total_amount_shown = money_display(Order, "total_amount")

    # The merchant's order file: preview (a dry run), then confirm; see returns.exports.orders.
    # Export writes the same columns, for the orders in this user's list.
    resource_classes = [OrderFileResource]
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_form_class = OrderImportForm
    confirm_form_class = OrderConfirmImportForm
    # simple-history records every imported row with the user and the file's name.
    skip_admin_log = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(line_count=Count("lines"))

    @admin.display(description=_("lines"), ordering="line_count")
    def line_count(self, order):
        return order.line_count

    def has_import_permission(self, request):
        return request.user.has_perms(["returns.add_order", "returns.change_order"])

    def get_import_form_kwargs(self, request):
        merchants = Merchant.objects.for_user(request.user)
        return {**super().get_import_form_kwargs(request), "merchants": merchants}

    def get_confirm_form_kwargs(self, request, import_form=None):
        merchants = Merchant.objects.for_user(request.user)
        return {**super().get_confirm_form_kwargs(request, import_form), "merchants": merchants}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["merchant"] = import_form.cleaned_data["merchant"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        cleaned = getattr(form, "cleaned_data", {}) if form is not None else {}
        return {"merchant": cleaned.get("merchant")}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # The file passed its preview but not the import (the data changed in between);
            # the import rolled back, so say so instead of import-export's "finished".
            self.message_user(
                request,
                _("Nothing was imported: the file has errors now. Import it again to see them."),
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:returns_order_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        new, updated, unchanged = (
            totals[RowResult.IMPORT_TYPE_NEW],
            totals[RowResult.IMPORT_TYPE_UPDATE],
            totals[RowResult.IMPORT_TYPE_SKIP],
        )
        parts = [
            ngettext("%(count)s new order line", "%(count)s new order lines", new) % {"count": new},
            ngettext("%(count)s line updated", "%(count)s lines updated", updated)
            % {"count": updated},
            ngettext("%(count)s line unchanged", "%(count)s lines unchanged", unchanged)
            % {"count": unchanged},
        ]
        self.message_user(
            request,
            _("Imported: %(new)s, %(updated)s, %(unchanged)s.")
            % dict(zip(["new", "updated", "unchanged"], parts, strict=True)),
            messages.SUCCESS,
        )


@admin.register(OrderLine)
class OrderLineAdmin(ChildHistoryAdmin):
    merchant_field = "order__merchant"
    list_select_related = ["order"]
