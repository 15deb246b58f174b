from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from fraud import selectors, services
from fraud.choices import BlocklistKind, FlagLevel, ReviewOutcome, RuleAction, RuleKind
from fraud.models import (
    BlocklistEntry,
    CustomerFlag,
    Dispute,
    FraudCheck,
    FraudReviewQueue,
    FraudRule,
    RequestSignal,
)
from fraud.normalize import customer_address
from fraud.rules import PARAMS, explain
from refunds.models import Refund, RefundApprovalQueue
from returns.common.admin import MerchantScopedAdmin, ReadOnlyAdminMixin, ReadOnlyInline
from returns.common.exceptions import DomainError
from returns.models import Merchant


class GlobalOrMerchantScopedAdmin(MerchantScopedAdmin):
    """Rows of the user's merchants plus the global ones (no merchant), which only an
    administrator may change."""

    def get_queryset(self, request):
        queryset = super(MerchantScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return queryset
        mine = Merchant.objects.for_user(request.user).values("pk")
        return queryset.filter(Q(merchant__isnull=True) | Q(merchant__in=mine))

    def scope_history(self, request, records):
        if request.user.is_superuser:
            return records
        mine = Merchant.objects.for_user(request.user).values("pk")
        return records.filter(Q(merchant__isnull=True) | Q(merchant__in=mine))

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.merchant_id is None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.merchant_id is None and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not request.user.is_superuser and "merchant" in form.base_fields:
            form.base_fields["merchant"].required = True
            form.base_fields["merchant"].help_text = ""
        return form


def _action_form_page(model_admin, request, *, obj, title, form, submit, back_url):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "object": obj,
        "opts": model_admin.model._meta,
        "form": form,
        "submit": submit,
        "back_url": back_url,
    }
    return TemplateResponse(request, "admin/fraud/action_form.html", context)


# Rules


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
class FraudRuleAdmin(TranslationAdmin, GlobalOrMerchantScopedAdmin):
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


# Blocklist and flags


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(GlobalOrMerchantScopedAdmin):
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
            obj._change_reason = _("blocklist entry changed: %(reason)s") % {"reason": obj.reason}
            super().save_model(request, obj, form, change)
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
    list_display = ["order", "amount", "opened_at", "reason"]
    search_fields = ["order__number", "reason"]
    list_select_related = ["order"]
    raw_id_fields = ["order"]
    date_hierarchy = "opened_at"


@admin.register(RequestSignal)
class RequestSignalAdmin(MerchantScopedAdmin):
    merchant_field = "case__merchant"
    list_display = ["case", "ip_address", "shipping_country", "billing_country"]
    search_fields = ["case__reference", "ip_address"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]


# Checks and the review queue


def explanation(check: FraudCheck):
    """The matched rules and what each saw, in the reader's language."""
    if not check.matches:
        return _("No rule matched (%(count)s evaluated).") % {"count": check.rules_evaluated}
    return format_html(
        "<ul class='fraud-explanation'>{}</ul>",
        format_html_join(
            "",
            "<li><strong>{}</strong> — {} ({}, {}){}</li>",
            (
                (
                    match.get("name", ""),
                    explain(match["kind"], match["seen"]),
                    RuleAction(match["action"]).label,
                    _("weight %(weight)s") % {"weight": match["weight"]},
                    _(" — cleared by an earlier review") if match.get("cleared") else "",
                )
                for match in check.matches
            ),
        ),
    )


def blocklist_values(check: FraudCheck) -> dict[str, str]:
    """The values of the check's request that could go on a blocklist, by kind."""
    refund = check.refund
    customer = refund.case.customer
    signal = RequestSignal.objects.filter(case_id=refund.case_id).first()
    values = {
        BlocklistKind.EMAIL: customer.email,
        BlocklistKind.PHONE: customer.phone,
        BlocklistKind.IBAN: refund.iban,
        BlocklistKind.IP: signal.ip_address if signal and signal.ip_address else "",
        BlocklistKind.ADDRESS: customer_address(customer),
    }
    return {kind: value for kind, value in values.items() if value}


TOOL_PERMISSIONS = (
    "fraud.review_fraudcheck",
    "fraud.add_customerflag",
    "fraud.add_blocklistentry",
)


def check_tools(
    user, check: FraudCheck, values: dict[str, str], *, url_name: str, back: str = ""
) -> list[tuple[str, str]]:
    """The one-step actions this user may take from a check, as (url, label): review it,
    block its customer, blocklist one of `values`. `back` is the page to return to."""
    query = f"?{urlencode({'next': back})}" if back else ""
    tools = []
    if (
        user.has_perm("fraud.review_fraudcheck")
        and not check.review_outcome
        and check.decision != RuleAction.ALLOW
    ):
        tools.append((reverse(f"{url_name}_review", args=[check.pk]) + query, _("Review")))
    if user.has_perm("fraud.add_customerflag"):
        tools.append(
            (
                reverse(f"{url_name}_block_customer", args=[check.pk]) + query,
                _("Block this customer"),
            )
        )
    if user.has_perm("fraud.add_blocklistentry"):
        for kind in values:
            tools.append(
                (
                    reverse(f"{url_name}_blocklist", args=[check.pk, kind]) + query,
                    _("Blocklist this %(kind)s") % {"kind": BlocklistKind(kind).label.lower()},
                )
            )
    return tools


CHECK_FIELDS = [
    "refund",
    "merchant",
    "stage",
    "decision",
    "score",
    "rules_evaluated",
    "explanation",
    "summary",
    "created_at",
    "checked_for",
    "review_outcome",
    "review_note",
    "reviewed_by",
    "reviewed_at",
]


class FraudCheckInline(ReadOnlyInline):
    """The explanation on the refund's page, and the actions the check's page offers."""

    model = FraudCheck
    fields = [
        "created_at",
        "stage",
        "decision",
        "score",
        "explanation",
        "review_outcome",
        "tools",
    ]
    readonly_fields = fields
    verbose_name_plural = _("fraud checks")
    ordering = ["-created_at"]

    def get_queryset(self, request):
        # Each row's title and its blocklist values read the refund and its customer.
        return super().get_queryset(request).select_related("refund__case__customer")

    def get_formset(self, request, obj=None, **kwargs):
        # ModelAdmin.get_inline_instances makes an inline for each request, so it may keep
        # the request its links are for. Every row is a check of the same refund: its
        # blocklist values are read once.
        self._request = request
        self._values = None
        return super().get_formset(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if any(request.user.has_perm(permission) for permission in TOOL_PERMISSIONS):
            return fields
        return [name for name in fields if name != "tools"]

    @admin.display(description=_("why"))
    def explanation(self, check):
        return explanation(check)

    @admin.display(description=_("action"))
    def tools(self, check):
        if self._values is None:
            self._values = blocklist_values(check)
        links = check_tools(
            self._request.user,
            check,
            self._values,
            url_name="admin:fraud_fraudcheck",
            back=self._request.get_full_path(),
        )
        return format_html_join("", '<div><a href="{}">{}</a></div>', links) or "—"


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    flag_customer = forms.BooleanField(
        label=_("Also block the customer (confirmed fraud only)"), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(FraudCheck)
class FraudCheckAdmin(ReadOnlyAdminMixin, MerchantScopedAdmin):
    list_display = [
        "refund",
        "merchant",
        "stage",
        "decision",
        "score",
        "review_outcome",
        "created_at",
    ]
    list_filter = ["decision", "stage", "review_outcome", "merchant"]
    search_fields = ["refund__reference", "refund__case__customer__email"]
    list_select_related = ["refund", "merchant"]
    date_hierarchy = "created_at"
    fields = CHECK_FIELDS
    readonly_fields = CHECK_FIELDS
    change_form_template = "admin/fraud/fraudcheck/change_form.html"

    @admin.display(description=_("why"))
    def explanation(self, check):
        return explanation(check)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{name}_review",
            ),
            path(
                "<path:object_id>/block-customer/",
                self.admin_site.admin_view(self.block_customer_view),
                name=f"{name}_block_customer",
            ),
            path(
                "<path:object_id>/blocklist/<str:kind>/",
                self.admin_site.admin_view(self.blocklist_view),
                name=f"{name}_blocklist",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, check):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[check.pk])

    def _back_url(self, request, check) -> str:
        """The page an action was opened from (the refund's), if it is on this site; the
        check's page otherwise."""
        back = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return back
        return self._change_url(check)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            opts = self.model._meta
            context["fraud_tools"] = check_tools(
                request.user,
                obj,
                blocklist_values(obj),
                url_name=f"admin:{opts.app_label}_{opts.model_name}",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_view(self, request, object_id):
        check = self.get_object(request, unquote(object_id))
        if not request.user.has_perm("fraud.review_fraudcheck"):
            raise PermissionDenied
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.check_review(actor=request.user, check=check, **form.cleaned_data)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(check)s reviewed.") % {"check": check},
                    messages.SUCCESS,
                )
                if "next" in request.GET:
                    return HttpResponseRedirect(self._back_url(request, check))
                return HttpResponseRedirect(reverse("admin:fraud_fraudreviewqueue_changelist"))
        return _action_form_page(
            self,
            request,
            obj=check,
            title=_("Review %(check)s") % {"check": check},
            form=form,
            submit=_("Save the review"),
            back_url=self._back_url(request, check),
        )

    def block_customer_view(self, request, object_id):
        check = self.get_object(request, unquote(object_id))
        if not request.user.has_perm("fraud.add_customerflag"):
            raise PermissionDenied
        customer = check.refund.case.customer
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.customer_flag(
                    actor=request.user,
                    customer=customer,
                    level=FlagLevel.BLOCKED,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(customer)s is blocked.") % {"customer": customer},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._back_url(request, check))
        return _action_form_page(
            self,
            request,
            obj=check,
            title=_("Block %(customer)s") % {"customer": customer},
            form=form,
            submit=_("Block the customer"),
            back_url=self._back_url(request, check),
        )

    def blocklist_view(self, request, object_id, kind):
        check = self.get_object(request, unquote(object_id))
        if not request.user.has_perm("fraud.add_blocklistentry"):
            raise PermissionDenied
        value = blocklist_values(check).get(kind)
        if value is None:
            self.message_user(request, _("The request has no such value."), messages.ERROR)
            return HttpResponseRedirect(self._back_url(request, check))
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                entry = services.blocklist_add(
                    actor=request.user,
                    kind=kind,
                    value=value,
                    reason=form.cleaned_data["reason"],
                    merchant=check.merchant,
                )
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request, _("%(entry)s is blocklisted.") % {"entry": entry}, messages.SUCCESS
                )
            return HttpResponseRedirect(self._back_url(request, check))
        return _action_form_page(
            self,
            request,
            obj=check,
            title=_("Blocklist %(kind)s %(value)s for %(merchant)s")
            % {"kind": BlocklistKind(kind).label, "value": value, "merchant": check.merchant},
            form=form,
            submit=_("Add to the blocklist"),
            back_url=self._back_url(request, check),
        )


@admin.register(FraudReviewQueue)
class FraudReviewQueueAdmin(FraudCheckAdmin):
    """What waits for a supervisor's review, oldest first."""

    list_display = ["refund", "merchant", "decision", "score", "stage", "created_at", "summary"]
    list_filter = ["decision", "merchant"]
    ordering = ["created_at", "pk"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_review()


# The explanation on the refund's page, without the refunds app knowing about fraud.
for _refund_model in (Refund, RefundApprovalQueue):
    _refund_admin = admin.site._registry.get(_refund_model)
    if _refund_admin is not None and FraudCheckInline not in _refund_admin.inlines:
        _refund_admin.inlines = [*_refund_admin.inlines, FraudCheckInline]
