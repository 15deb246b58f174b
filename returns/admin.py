from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult
from modeltranslation.admin import TranslationAdmin

from returns import services
from returns.choices import ItemCondition, Resolution
from returns.common.admin import (
    ChildHistoryAdmin,
    HistoryAdmin,
    MerchantScopedAdmin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    TransitionAction,
    TransitionAdminMixin,
)
from returns.common.exceptions import DomainError
from returns.exports.forms import OrderConfirmImportForm, OrderImportForm
from returns.exports.orders import OrderFileResource
from returns.exports.shipments import ShipmentResource
from returns.forms import ResolutionReasonsForm
from returns.models import (
    Contact,
    Customer,
    Merchant,
    Order,
    OrderLine,
    ResolutionRule,
    ResponseScript,
    ReturnCase,
    ReturnCaseLine,
    ReturnReason,
    Shipment,
    ShipmentLine,
)
from returns.policy import suggest_resolution


class MerchantForm(forms.ModelForm):
    accepted_conditions = forms.MultipleChoiceField(
        label=_("accepted item conditions"),
        choices=ItemCondition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Merchant
        fields = "__all__"


@admin.register(Merchant)
class MerchantAdmin(HistoryAdmin):
    form = MerchantForm
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
        (
            _("Policy"),
            {
                "fields": [
                    "return_window_days",
                    "default_outcome",
                    "accepted_conditions",
                    "agent_approval_limit",
                    "refund_listing_frequency",
                ]
            },
        ),
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
        self.message_user(
            request,
            _("Imported: %(new)s new order lines, %(updated)s updated, %(unchanged)s unchanged.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            },
            messages.SUCCESS,
        )


@admin.register(ReturnReason)
class ReturnReasonAdmin(TranslationAdmin, MerchantScopedAdmin):
    list_display = ["label", "code", "merchant", "is_covered", "is_active"]
    list_filter = ["merchant", "is_covered", "is_active"]
    search_fields = ["label", "code"]
    list_select_related = ["merchant"]


class ResolutionRuleForm(forms.ModelForm):
    item_conditions = forms.MultipleChoiceField(
        label=_("item conditions"),
        choices=ItemCondition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: any condition."),
    )

    class Meta:
        model = ResolutionRule
        fields = "__all__"


@admin.register(ResolutionRule)
class ResolutionRuleAdmin(MerchantScopedAdmin):
    form = ResolutionRuleForm
    list_display = ["position", "name", "merchant", "outcome", "is_active"]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["merchant", "outcome", "is_active"]
    search_fields = ["name"]
    list_select_related = ["merchant"]
    filter_horizontal = ["reasons"]
    ordering = ["merchant", "position"]


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
    field_order = ["resolution", "override_reason", "rejection_reason"]


def _resolve(case, *, actor, reason, resolution, override_reason, rejection_reason):
    return services.case_resolve(
        case=case,
        actor=actor,
        resolution=resolution,
        override_reason=override_reason or reason,
        rejection_reason=rejection_reason,
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
        from returns.desk import desk_view

        return [
            path(
                "desk/",
                self.admin_site.admin_view(lambda request: desk_view(request, self)),
                name="returns_desk",
            ),
            *super().get_urls(),
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = "__all__"

    def _post_clean(self):
        super()._post_clean()
        if apps.is_installed("billing") and not self.errors:
            # Billing is downstream of returns: reached by a late import, never at module level.
            from billing.signals import check_contact_change

            try:
                check_contact_change(self.instance)
            except DomainError as error:
                self.add_error(None, error.message)


@admin.register(Contact)
class ContactAdmin(MerchantScopedAdmin):
    form = ContactForm
    list_display = [
        "started_at",
        "channel",
        "direction",
        "merchant",
        "customer",
        "case",
        "handling_seconds",
        "agent",
    ]
    list_filter = ["channel", "direction", "merchant", ("started_at", admin.DateFieldListFilter)]
    search_fields = ["summary", "customer__email", "customer__name", "case__reference"]
    list_select_related = ["merchant", "customer", "case", "agent"]
    autocomplete_fields = ["customer", "case"]
    date_hierarchy = "started_at"
    readonly_fields = ["agent"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.agent = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if apps.is_installed("billing"):
            from billing.signals import invoiced_contact_labels

            protected = [*protected, *invoiced_contact_labels(objs)]
        return deleted, counts, perms_needed, protected


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


@admin.register(ResponseScript)
class ResponseScriptAdmin(TranslationAdmin, MerchantScopedAdmin):
    list_display = ["title", "merchant", "is_active"]
    list_filter = ["merchant", "is_active"]
    search_fields = ["title", "body"]
    list_select_related = ["merchant"]


from returns import admin_notifications  # noqa: E402,F401


@admin.register(OrderLine)
class OrderLineAdmin(ChildHistoryAdmin):
    merchant_field = "order__merchant"
    list_select_related = ["order"]


@admin.register(ReturnCaseLine)
class ReturnCaseLineAdmin(ChildHistoryAdmin):
    merchant_field = "case__merchant"
    list_select_related = ["case", "order_line"]


@admin.register(ShipmentLine)
class ShipmentLineAdmin(ChildHistoryAdmin):
    merchant_field = "shipment__merchant"
    list_select_related = ["shipment"]


# Staff accounts and roles with their history: who gave whom which role, and when.
class StaffUserAdmin(HistoryAdmin, UserAdmin):
    history_list_display = ["history_change_reason", "is_active", "is_staff", "is_superuser"]


class RoleGroupAdmin(HistoryAdmin, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
