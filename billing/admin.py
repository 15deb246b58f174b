from datetime import date

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from billing import services
from billing.choices import InvoiceState
from billing.exports import InvoiceLineResource, InvoiceResource
from billing.models import CreditNote, HandlingTimeReport, Invoice, InvoiceLine, Tariff
from billing.pdf import invoice_pdf
from billing.selectors import handling_time_report
from returns.choices import ContactChannel
from returns.common.admin import (
    ChildHistoryAdmin,
    MerchantScopedAdmin,
    ReadOnlyAdminMixin,
    ReadOnlyInline,
    TransitionAction,
    TransitionAdminMixin,
)
from returns.common.exceptions import DomainError
from returns.common.money_admin import money_display
from returns.models import Merchant


@admin.register(Tariff)
class TariffAdmin(MerchantScopedAdmin):
    list_display = [
        "merchant",
        "valid_from",
        "valid_to",
        "fee_shown",
        "vat_rate",
        "handling_target_seconds",
    ]
    list_filter = ["merchant", "currency"]
    list_select_related = ["merchant"]
    date_hierarchy = "valid_from"
    fee_shown = money_display(Tariff, "fee_per_contact", exact=True)

    def save_model(self, request, obj, form, change):
        # The form already validated the overlap; the service checks it again under a lock.
        services.tariff_save(tariff=obj, actor=request.user)


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = [
        "channel",
        "valid_from",
        "valid_to",
        "quantity",
        "unit_fee_shown",
        "vat_rate",
        "amount_shown",
    ]
    readonly_fields = fields
    show_change_link = False
    unit_fee_shown = money_display(
        InvoiceLine, "unit_fee", currency="invoice__currency", exact=True
    )
    amount_shown = money_display(InvoiceLine, "amount", currency="invoice__currency")


class PaidForm(forms.Form):
    payment_reference = forms.CharField(label=_("Bank reference"), max_length=100)


def _issue(invoice, *, actor, reason):
    return services.invoice_issue(invoice=invoice, actor=actor, reason=reason)


def _mark_paid(invoice, *, actor, reason, payment_reference):
    return services.invoice_mark_paid(
        invoice=invoice, actor=actor, payment_reference=payment_reference, reason=reason
    )


def _void(invoice, *, actor, reason):
    return services.invoice_void(invoice=invoice, actor=actor, reason=reason)


@admin.register(Invoice)
class InvoiceAdmin(ExportMixin, TransitionAdminMixin, MerchantScopedAdmin):
    state_field = "state"
    change_form_template = "billing/admin/invoice_change_form.html"
    transition_actions = [
        TransitionAction("issue", _("Issue"), _issue),
        TransitionAction("mark_paid", _("Mark paid"), _mark_paid, form=PaidForm),
        TransitionAction(
            "void",
            _("Void (credit note once issued)"),
            _void,
            reason_required=True,
            dangerous=True,
        ),
    ]
    list_display = [
        "__str__",
        "state",
        "merchant",
        "period_start",
        "contact_count",
        "subtotal_shown",
        "vat_amount_shown",
        "total_shown",
        "issued_on",
        "due_on",
        "paid_at",
    ]
    list_filter = ["state", "merchant", "period_start"]
    search_fields = ["number", "merchant__name", "payment_reference"]
    list_select_related = ["merchant"]
    date_hierarchy = "period_start"
    inlines = [InvoiceLineInline]
    actions = ["recalculate_selected"]
    resource_classes = [InvoiceResource, InvoiceLineResource]
    export_formats = [CSV, XLSX]
    fieldsets = [
        (None, {"fields": ["number", "state", "merchant", "period_start", "period_end"]}),
        (
            _("Amounts"),
            {
                "fields": [
                    "contact_count",
                    "subtotal_shown",
                    "vat_amount_shown",
                    "total_shown",
                    "note",
                ]
            },
        ),
        (
            _("Steps"),
            {
                "fields": [
                    "created_by",
                    "created_at",
                    "issued_on",
                    "due_on",
                    "issued_by",
                    "issued_at",
                    "paid_by",
                    "paid_at",
                    "payment_reference",
                    "voided_by",
                    "voided_at",
                    "void_reason",
                    "credit_note_number",
                ]
            },
        ),
    ]
    subtotal_shown = money_display(Invoice, "subtotal")
    vat_amount_shown = money_display(Invoice, "vat_amount")
    total_shown = money_display(Invoice, "total")

    def get_readonly_fields(self, request, obj=None):
        every = [name for fieldset in self.fieldsets for name in fieldset[1]["fields"]]
        if obj is not None and obj.state == InvoiceState.DRAFT:
            # Finance may add a note for the merchant before issuing; nothing else is typed.
            return [name for name in every if name != "note"]
        return every

    @admin.display(description=_("credit note"))
    def credit_note_number(self, invoice: Invoice) -> str:
        credit_note = CreditNote.objects.filter(invoice=invoice).first()
        return credit_note.number if credit_note else "—"

    def save_model(self, request, obj, form, change):
        # The note is the one field the form leaves editable, on a draft only; the rest of
        # an invoice changes through its transitions and the recount.
        if "note" not in form.changed_data:
            return
        try:
            services.invoice_set_note(invoice=obj, actor=request.user, note=obj.note)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)

    def has_add_permission(self, request):
        # Drafts come from `issue_invoices` (or its service), counted from the contacts.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name=f"{opts.app_label}_{opts.model_name}_pdf",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["pdf_url"] = reverse("admin:billing_invoice_pdf", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def pdf_view(self, request, object_id):
        """The stored PDF of an issued invoice; a draft's preview is rendered on the spot."""
        invoice = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, invoice):
            raise PermissionDenied
        name = f"{invoice.number or f'draft-{invoice.pk}'}.pdf"
        if invoice.pdf:
            return FileResponse(invoice.pdf.open("rb"), filename=name, as_attachment=True)
        response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(
        description=_("Recalculate the selected drafts from the contacts"),
        permissions=["change"],
    )
    def recalculate_selected(self, request, queryset):
        for invoice in queryset.filter(state=InvoiceState.DRAFT):
            try:
                services.invoice_recalculate(invoice=invoice, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{invoice}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(invoice)s recalculated.") % {"invoice": invoice})


@admin.register(CreditNote)
class CreditNoteAdmin(MerchantScopedAdmin):
    merchant_field = "invoice__merchant"
    list_display = ["number", "invoice", "issued_on", "total_shown", "issued_by"]
    list_select_related = ["invoice__merchant", "issued_by"]
    search_fields = ["number", "invoice__number"]
    readonly_fields = [
        "number",
        "invoice",
        "issued_on",
        "issued_at",
        "issued_by",
        "reason",
        "subtotal_shown",
        "vat_amount_shown",
        "total_shown",
    ]
    exclude = ["number_year", "number_sequence", "currency", "subtotal", "vat_amount", "total"]
    subtotal_shown = money_display(CreditNote, "subtotal")
    vat_amount_shown = money_display(CreditNote, "vat_amount")
    total_shown = money_display(CreditNote, "total")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportForm(forms.Form):
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    merchant = forms.ModelChoiceField(
        label=_("Merchant"),
        queryset=Merchant.objects.none(),
        required=False,
        empty_label=_("All my merchants"),
    )

    def __init__(self, *args, merchants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant"].queryset = merchants

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_day"), cleaned.get("last_day")
        if first and last and last < first:
            raise forms.ValidationError(_("The period ends before it starts."))
        if first and last and (last - first).days > 366:
            raise forms.ValidationError(_("Choose a period of at most a year."))
        return cleaned


@admin.register(HandlingTimeReport)
class HandlingTimeReportAdmin(ReadOnlyAdminMixin, MerchantScopedAdmin):
    """Handling time per merchant, agent and channel, with subtotals, against the target."""

    def get_urls(self):
        opts = self.model._meta
        # The report is this entry's only page: its changelist URL shows the report.
        return [
            path(
                "",
                self.admin_site.admin_view(self.report_view),
                name=f"{opts.app_label}_{opts.model_name}_changelist",
            )
        ]

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        merchants = Merchant.objects.for_user(request.user).order_by("name")
        today = timezone.localdate()
        initial = {"first_day": today.replace(day=1), "last_day": today}
        form = ReportForm(request.GET or None, initial=initial, merchants=merchants)
        rows = []
        first_day: date = initial["first_day"]
        last_day: date = initial["last_day"]
        chosen = merchants
        if form.is_bound and form.is_valid():
            first_day = form.cleaned_data["first_day"]
            last_day = form.cleaned_data["last_day"]
            if form.cleaned_data["merchant"]:
                chosen = merchants.filter(pk=form.cleaned_data["merchant"].pk)
        if not form.is_bound or form.is_valid():
            rows = handling_time_report(merchants=chosen, first_day=first_day, last_day=last_day)
        # Bars share one scale, the target line sits at the target's place on it.
        scale = max(
            [float(row.p90_seconds) for row in rows] + [row.target_seconds * 1.5 for row in rows],
            default=1,
        )
        channels = dict(ContactChannel.choices)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Handling-time report"),
            "opts": self.model._meta,
            "form": form,
            "rows": [
                {
                    "row": row,
                    "agent": row.agent or _("All agents"),
                    "channel": channels.get(row.channel, row.channel) or _("All channels"),
                    "bar": round(float(row.average_seconds) / scale * 100, 1),
                    "target": round(row.target_seconds / scale * 100, 1),
                }
                for row in rows
            ],
            "first_day": first_day,
            "last_day": last_day,
        }
        return TemplateResponse(request, "billing/admin/handling_time_report.html", context)


@admin.register(InvoiceLine)
class InvoiceLineAdmin(ChildHistoryAdmin):
    merchant_field = "invoice__merchant"
    list_select_related = ["invoice"]
