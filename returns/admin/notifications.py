"""Admin of the customer e-mails (templates with a preview, the outbox with its retry) and of
the follow-up survey's answers and results."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from returns.common.admin import MerchantScopedAdmin, ReadOnlyAdminMixin
from returns.common.exceptions import DomainError
from returns.common.money import format_money
from returns.models import Merchant, Notification, NotificationTemplate, ReturnCase, SurveyResponse
from returns.notifications.outbox import notification_retry
from returns.notifications.rendering import NOTIFICATION_VARIABLES, case_context, render_message
from returns.public.survey import survey_results_by_agent, survey_results_by_merchant


class PreviewForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    case = forms.CharField(
        label=_("Case reference"),
        required=False,
        help_text=_("Leave empty to preview with sample values."),
    )


def sample_context(language: str) -> dict:
    base = getattr(settings, "PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    with translation.override(language):
        return {
            "customer_name": "Maria Example",
            "merchant_name": "Example Shop",
            "case_reference": "R-7KQ4-M2XD",
            "order_number": "EX-1042",
            "status_url": f"{base}/status/",
            "survey_url": f"{base}/status/#survey",
            "resolution": str(_("Refund")),
            "amount": format_money(Decimal("89.90"), "EUR", language),
            "reason": "The item shows signs of use.",
            "alternative": str(_("Store credit")),
            "store_credit_code": "ABCD-EFGH-JKMN-PQRS",
            "carrier": "DHL",
            "tracking_number": "JD014600001234",
        }


@admin.register(NotificationTemplate)
class NotificationTemplateAdmin(TranslationAdmin, MerchantScopedAdmin):
    # The global templates are the fallback every merchant's customers receive: staff read
    # them; a supervisor writes a template of their merchant, which wins over the global one.
    global_rows = True
    list_display = ["kind", "owner", "subject", "is_active"]
    list_filter = ["kind", "is_active", "merchant"]
    search_fields = ["subject", "body"]
    list_select_related = ["merchant"]
    change_form_template = "admin/returns/notificationtemplate/change_form.html"

    @admin.display(description=_("merchant"), ordering="merchant__name")
    def owner(self, obj):
        return obj.merchant.name if obj.merchant_id else _("Global (every merchant)")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["variables"] = NOTIFICATION_VARIABLES
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        template = self.get_object(request, unquote(object_id))
        if not self.has_view_or_change_permission(request, template):
            raise PermissionDenied
        initial_language = translation.get_language() or settings.LANGUAGE_CODE
        form = PreviewForm(request.GET or None, initial={"language": initial_language})
        language = initial_language
        case = None
        error = ""
        if form.is_valid():
            language = form.cleaned_data["language"]
            reference = form.cleaned_data["case"].strip().upper()
            if reference:
                cases = ReturnCase.objects.select_related("merchant", "customer", "order")
                if not request.user.is_superuser:
                    mine = Merchant.objects.for_user(request.user).values("pk")
                    cases = cases.filter(merchant__in=mine)
                case = cases.filter(reference=reference).first()
                if case is None:
                    error = _("No case %(reference)s among your merchants.") % {
                        "reference": reference
                    }
        context = sample_context(language)
        if case is not None:
            context.update(case_context(case, language=language))
        message = None
        try:
            message = render_message(template, context, language=language)
        except TemplateSyntaxError as syntax_error:
            error = str(syntax_error)
        return TemplateResponse(
            request,
            "admin/returns/notificationtemplate/preview.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Preview: %(template)s") % {"template": template},
                "opts": self.model._meta,
                "original": template,
                "form": form,
                "message": message,
                "error": error,
                "language": language,
                "change_url": reverse(
                    "admin:returns_notificationtemplate_change", args=[template.pk]
                ),
            },
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, MerchantScopedAdmin):
    list_display = [
        "created_at",
        "kind",
        "case_link",
        "recipient",
        "language",
        "state_badge",
        "attempts",
        "sent_at",
    ]
    list_filter = ["state", "kind", "language", "merchant"]
    search_fields = ["recipient", "case__reference", "subject"]
    list_select_related = ["case", "merchant"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "merchant",
        "case",
        "customer",
        "kind",
        "event_key",
        "recipient",
        "language",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
        "subject",
        "body_text",
    ]
    readonly_fields = fields

    @admin.display(description=_("case"), ordering="case__reference")
    def case_link(self, obj):
        url = reverse("admin:returns_returncase_change", args=[obj.case_id])
        return format_html('<a href="{}">{}</a>', url, obj.case.reference)

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, obj):
        colors = {"pending": "#8a6d00", "sent": "#25643a", "failed": "#a3231a"}
        return format_html(
            '<strong style="color:{}">{}</strong>',
            colors.get(obj.state, "inherit"),
            obj.get_state_display(),
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("returns.retry_notification")

    @admin.action(description=_("Retry now (failed notifications)"), permissions=["retry"])
    def retry(self, request, queryset):
        done = 0
        for notification in queryset.select_related("merchant"):
            try:
                notification_retry(notification=notification, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s notification is queued to be sent again.",
                    "%(count)s notifications are queued to be sent again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdminMixin, MerchantScopedAdmin):
    merchant_field = "case__merchant"
    list_display = ["created_at", "case", "merchant", "decided_by", "score", "short_comment"]
    list_filter = ["score", "case__merchant", "case__resolution"]
    search_fields = ["case__reference", "comment"]
    list_select_related = ["case__merchant", "case__resolved_by"]
    date_hierarchy = "created_at"
    fields = ["case", "score", "comment", "created_at"]
    readonly_fields = fields
    change_list_template = "admin/returns/surveyresponse/change_list.html"

    @admin.display(description=_("merchant"), ordering="case__merchant__name")
    def merchant(self, obj):
        return obj.case.merchant.name

    @admin.display(description=_("decided by"), ordering="case__resolved_by__username")
    def decided_by(self, obj):
        user = obj.case.resolved_by
        return (user.get_full_name() or user.get_username()) if user else "—"

    @admin.display(description=_("comment"))
    def short_comment(self, obj):
        return obj.comment if len(obj.comment) <= 80 else obj.comment[:79] + "…"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "results/",
                self.admin_site.admin_view(self.results_view),
                name=f"{opts.app_label}_{opts.model_name}_results",
            ),
            *super().get_urls(),
        ]

    def results_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        responses = self.get_queryset(request)
        by_agent = [
            {
                **row,
                "agent": " ".join(
                    part
                    for part in (
                        row["case__resolved_by__first_name"],
                        row["case__resolved_by__last_name"],
                    )
                    if part
                )
                or row["case__resolved_by__username"]
                or "—",
            }
            for row in survey_results_by_agent(responses)
        ]
        return TemplateResponse(
            request,
            "admin/returns/surveyresponse/results.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Survey results"),
                "opts": self.model._meta,
                "by_merchant": survey_results_by_merchant(responses),
                "by_agent": by_agent,
            },
        )
