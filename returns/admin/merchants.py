"""Admin of the merchants and their policy: settings, return reasons, rules, response scripts."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from returns.choices import ItemCondition, RefundMethod
from returns.common.admin import (
    HistoryAdmin,
    MerchantScopedAdmin,
)
from returns.common.money_admin import money_display
from returns.models import (
    Merchant,
    ResolutionRule,
    ResponseScript,
    ReturnReason,
)


class MerchantForm(forms.ModelForm):
    accepted_conditions = forms.MultipleChoiceField(
        label=_("accepted item conditions"),
        choices=ItemCondition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    refund_methods = forms.MultipleChoiceField(
        label=_("refund methods"),
        choices=RefundMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("How the desk may pay a refund back; the first one is pre-selected."),
    )

    class Meta:
        model = Merchant
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)


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
        "fee_shown",
        "is_active",
    ]
    list_filter = ["is_active", "country", "refund_listing_frequency"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["staff"]
    fee_shown = money_display(Merchant, "fee_per_contact", exact=True)
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
            _("Refunds"),
            {"fields": ["refund_methods", "debtor_name", "debtor_iban", "debtor_bic"]},
        ),
        (
            _("Billing and contacts"),
            {"fields": ["fee_per_contact", "finance_email", "support_email"]},
        ),
        (_("Staff"), {"fields": ["staff"]}),
    ]

    def get_queryset(self, request):
        return Merchant.objects.for_user(request.user)


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
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)


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


@admin.register(ResponseScript)
class ResponseScriptAdmin(TranslationAdmin, MerchantScopedAdmin):
    list_display = ["title", "merchant", "is_active"]
    list_filter = ["merchant", "is_active"]
    search_fields = ["title", "body"]
    list_select_related = ["merchant"]
