"""Fraud checks: why a refund was held, the actions a supervisor takes, the review queue,
and the checks shown on the refund's own page."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from fraud.admin.check_actions import BlockCustomer, Blocklist, Review, blocklist_values
from fraud.admin.object_actions import ObjectActionsMixin
from fraud.choices import BlocklistKind, RuleAction
from fraud.models import FraudCheck, FraudReviewQueue
from fraud.rules import explain
from refunds.models import Refund, RefundApprovalQueue
from returns.common.admin import (
    MerchantScopedAdmin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    register_inline,
)


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


@admin.register(FraudCheck)
class FraudCheckAdmin(ObjectActionsMixin, ReadOnlyAdminMixin, MerchantScopedAdmin):
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
    object_actions = [Review, BlockCustomer, Blocklist]

    @admin.display(description=_("why"))
    def explanation(self, check):
        return explanation(check)

    def has_review_permission(self, request, obj=None):
        return request.user.has_perm("fraud.review_fraudcheck")

    def has_block_customer_permission(self, request, obj=None):
        return request.user.has_perm("fraud.add_customerflag")

    def has_blocklist_permission(self, request, obj=None):
        return request.user.has_perm("fraud.add_blocklistentry")

    def action_links(
        self, request, check: FraudCheck, values: dict[str, str], *, back: str = ""
    ) -> list[tuple[str, str]]:
        """The one-step actions this user may take from a check, as (url, label): review it,
        block its customer, blocklist one of `values`. `back` is the page to return to."""
        links = []
        if (
            self.has_review_permission(request, check)
            and not check.review_outcome
            and check.decision != RuleAction.ALLOW
        ):
            links.append((self.object_action_url(check, Review.name, next=back), _("Review")))
        if self.has_block_customer_permission(request, check):
            links.append(
                (
                    self.object_action_url(check, BlockCustomer.name, next=back),
                    _("Block this customer"),
                )
            )
        if self.has_blocklist_permission(request, check):
            for kind in values:
                links.append(
                    (
                        self.object_action_url(check, Blocklist.name, kind=kind, next=back),
                        _("Blocklist this %(kind)s") % {"kind": BlocklistKind(kind).label.lower()},
                    )
                )
        return links

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["fraud_tools"] = self.action_links(request, obj, blocklist_values(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(FraudReviewQueue)
class FraudReviewQueueAdmin(FraudCheckAdmin):
    """What waits for a supervisor's review, oldest first."""

    list_display = ["refund", "merchant", "decision", "score", "stage", "created_at", "summary"]
    list_filter = ["decision", "merchant"]
    ordering = ["created_at", "pk"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).awaiting_review()


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

    @property
    def check_admin(self) -> FraudCheckAdmin:
        return self.admin_site.get_model_admin(FraudCheck)

    def get_formset(self, request, obj=None, **kwargs):
        # ModelAdmin.get_inline_instances makes an inline for each request, so it may keep
        # the request its links are for. Every row is a check of the same refund: its
        # blocklist values are read once.
        self._request = request
        self._values = None
        return super().get_formset(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        check_admin = self.check_admin
        if any(
            check_admin.has_object_action_permission(request, action.name)
            for action in check_admin.object_actions
        ):
            return fields
        return [name for name in fields if name != "tools"]

    @admin.display(description=_("why"))
    def explanation(self, check):
        return explanation(check)

    @admin.display(description=_("action"))
    def tools(self, check):
        if self._values is None:
            self._values = blocklist_values(check)
        links = self.check_admin.action_links(
            self._request, check, self._values, back=self._request.get_full_path()
        )
        return format_html_join("", '<div><a href="{}">{}</a></div>', links) or "—"


# The checks on the refund's page and the approval queue's, without refunds knowing fraud.
for refund_model in (Refund, RefundApprovalQueue):
    register_inline(refund_model, FraudCheckInline)
