"""The rules' admin: a form field per parameter, the fraud ratio, the backtest page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from fraud import selectors, services
from fraud.choices import BlocklistKind, FlagLevel, RuleKind
from fraud.models import FraudRule
from fraud.rules import PARAMS
from returns.common.admin import MerchantScopedAdmin
from returns.common.exceptions import DomainError


class FraudRuleForm(forms.ModelForm):
    """The rule with one field per parameter; the model's clean checks the ones its kind
    needs and reports each error on its field."""

    amount = forms.DecimalField(label=_("amount"), required=False, decimal_places=2)
    count = forms.IntegerField(label=_("at most this many refunds"), required=False)
    days = forms.IntegerField(label=_("days"), required=False)
    by = forms.ChoiceField(
        label=_("counted for"), required=False, choices=[("", "—"), *PARAMS["velocity"][2].choices]
    )
    percent = forms.DecimalField(label=_("percent"), required=False, decimal_places=2)
    min_orders = forms.IntegerField(label=_("only from this many orders"), required=False)
    lists = forms.MultipleChoiceField(
        label=_("blocklists"),
        required=False,
        choices=BlocklistKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all of them."),
    )
    level = forms.ChoiceField(
        label=_("from flag level"), required=False, choices=[("", "—"), *FlagLevel.choices]
    )
    on = forms.ChoiceField(
        label=_("a dispute on"), required=False, choices=[("", "—"), *PARAMS["dispute"][0].choices]
    )
    customers = forms.IntegerField(label=_("at most this many customers"), required=False)

    class Meta:
        model = FraudRule
        fields = ["merchant", "name", "description", "kind", "action", "weight", "is_active"]

    parameter_fields = [
        "amount",
        "count",
        "days",
        "by",
        "percent",
        "min_orders",
        "lists",
        "level",
        "on",
        "customers",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in (self.instance.parameters or {}).items():
            if name in self.fields:
                self.initial[name] = value

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in RuleKind.values:
            wanted = {param.name for param in PARAMS[kind]}
            self.instance.parameters = {
                name: str(value) if hasattr(value, "quantize") else value
                for name, value in cleaned.items()
                if name in wanted and value not in (None, "", [])
            }
        return cleaned


PARAMETER_HELP = _(
    "Fill in what the kind needs: amount over → amount; refunds in a period → at most this "
    "many refunds, days, counted for; return rate → percent, only from this many orders; "
    "blocklist → blocklists; customer flagged → from flag level; new account → days, amount; "
    "dispute → a dispute on; shared IBAN → at most this many customers."
)


@admin.register(FraudRule)
class FraudRuleAdmin(TranslationAdmin, MerchantScopedAdmin):
    global_rows = True

    form = FraudRuleForm
    list_display = [
        "name",
        "kind",
        "merchant",
        "action",
        "weight",
        "is_active",
        "fraud_ratio",
    ]
    list_filter = ["is_active", "kind", "action", "merchant"]
    search_fields = ["name"]
    list_select_related = ["merchant"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "merchant",
                    "name",
                    "description",
                    "kind",
                    "action",
                    "weight",
                    "is_active",
                ]
            },
        ),
        (
            _("Parameters"),
            {"fields": FraudRuleForm.parameter_fields, "description": PARAMETER_HELP},
        ),
    ]

    def get_queryset(self, request):
        return selectors.rules_with_review_counts(super().get_queryset(request))

    @admin.display(description=_("confirmed fraud / reviewed"))
    def fraud_ratio(self, rule):
        if not rule.reviewed_count:
            return "—"
        return f"{rule.confirmed_count} / {rule.reviewed_count}"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/backtest/",
                self.admin_site.admin_view(self.backtest_view),
                name="fraud_fraudrule_backtest",
            ),
            *super().get_urls(),
        ]

    def backtest_view(self, request, object_id):
        rule = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, rule):
            raise PermissionDenied
        form = BacktestForm(request.GET or None)
        result = None
        if form.is_valid():
            try:
                result = services.rule_backtest(
                    rule=rule, actor=request.user, days=form.cleaned_data["days"]
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Backtest: %(rule)s") % {"rule": rule},
            "object": rule,
            "opts": self.model._meta,
            "form": form,
            "result": result,
            "change_url": reverse("admin:fraud_fraudrule_change", args=[rule.pk]),
        }
        return TemplateResponse(request, "admin/fraud/fraudrule/backtest.html", context)


class BacktestForm(forms.Form):
    days = forms.IntegerField(label=_("Last days"), min_value=1, max_value=365, initial=30)
