"""Finance's pages for refund listings: close, export (CSV, XLSX, SEPA), download past
exports, and import the bank's confirmation with a preview first."""

import base64
import zlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from refunds.listings import (
    EXPORT_FORMATS,
    ConfirmationRejected,
    confirmation_plan,
    confirmation_rows,
    listing_actions,
    listing_close,
    listing_confirm,
    listing_export,
)
from refunds.models import Refund
from returns.common.exceptions import DomainError
from returns.common.money_admin import money_display
from returns.models import Merchant

CONFIRMATION_SALT = "refunds.bank-confirmation"
MAX_CONFIRMATION_BYTES = 5 * 1024 * 1024


class BatchRefundInline(admin.TabularInline):
    model = Refund
    fields = ["reference", "state", "case", "amount_shown", "method", "payment_reference"]
    readonly_fields = fields
    amount_shown = money_display(Refund, "amount")
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("refunds in this listing")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")


class CloseForm(forms.Form):
    day = forms.DateField(
        label=_("Day"),
        help_text=_("Closes the listing whose period contains this day (merchant's local date)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    merchants = forms.ModelMultipleChoiceField(
        label=_("Merchants"), queryset=Merchant.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchants"].queryset = Merchant.objects.for_user(user).filter(is_active=True)


class ConfirmationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank confirmation (CSV or XLSX)"),
        help_text=_(
            "Columns: reference, status (paid or failed), bank reference, date, amount, currency."
        ),
    )


class RefundBatchViews:
    """Extra admin pages of the refund listing admin."""

    change_form_template = "admin/refunds/refundbatch/change_form.html"
    change_list_template = "admin/refunds/refundbatch/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("close/", view(self.close_view), name="refunds_refundbatch_close"),
            path(
                "<path:object_id>/export/<str:file_format>/",
                view(self.export_view),
                name="refunds_refundbatch_export",
            ),
            path(
                "<path:object_id>/download/<int:export_id>/",
                view(self.download_view),
                name="refunds_refundbatch_download",
            ),
            path(
                "<path:object_id>/confirmation/",
                view(self.confirmation_view),
                name="refunds_refundbatch_confirmation",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def _change_url(self, batch):
        return reverse("admin:refunds_refundbatch_change", args=[batch.pk])

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            user = request.user
            context.update(
                listing_actions=listing_actions(obj, user),
                past_exports=obj.exports.select_related("exported_by"),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_close": request.user.has_perm("refunds.close_refundbatch"),
        }
        return super().changelist_view(request, extra_context)

    def close_view(self, request):
        if not request.user.has_perm("refunds.close_refundbatch"):
            raise PermissionDenied
        form = CloseForm(
            request.POST or None,
            user=request.user,
            initial={"day": timezone.localdate() - timezone.timedelta(days=1)},
        )
        if request.method == "POST" and form.is_valid():
            for merchant in form.cleaned_data["merchants"]:
                try:
                    closed = listing_close(
                        merchant=merchant, day=form.cleaned_data["day"], actor=request.user
                    )
                except DomainError as error:
                    self.message_user(request, f"{merchant}: {error.message}", messages.ERROR)
                    continue
                level = messages.SUCCESS if closed.added else messages.INFO
                self.message_user(request, closed.message, level)
                for reference, why in closed.skipped:
                    self.message_user(request, f"{reference}: {why}", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:refunds_refundbatch_changelist"))
        return TemplateResponse(
            request,
            "admin/refunds/refundbatch/close.html",
            self._context(request, _("Close refund listings"), form=form),
        )

    def export_view(self, request, object_id, file_format):
        batch = self.get_object(request, unquote(object_id))
        if not request.user.has_perm("refunds.export_refundbatch"):
            raise PermissionDenied
        if file_format not in EXPORT_FORMATS:
            raise PermissionDenied
        if request.method == "POST":
            try:
                export = listing_export(batch=batch, actor=request.user, file_format=file_format)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                return HttpResponseRedirect(self._change_url(batch))
            return FileResponse(
                export.file.open("rb"),
                as_attachment=True,
                filename=str(export),
                content_type=EXPORT_FORMATS[file_format],
            )
        return TemplateResponse(
            request,
            "admin/refunds/refundbatch/export.html",
            self._context(
                request,
                _("Export %(batch)s") % {"batch": batch.reference},
                batch=batch,
                file_format=file_format,
                change_url=self._change_url(batch),
            ),
        )

    def download_view(self, request, object_id, export_id):
        batch = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        export = get_object_or_404(batch.exports, pk=export_id)
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=str(export),
            content_type=EXPORT_FORMATS.get(export.file_format, "application/octet-stream"),
        )

    def confirmation_view(self, request, object_id):
        batch = self.get_object(request, unquote(object_id))
        if not request.user.has_perm("refunds.confirm_refundbatch"):
            raise PermissionDenied
        title = _("Bank confirmation for %(batch)s") % {"batch": batch.reference}
        upload = ConfirmationUploadForm()
        context = self._context(request, title, batch=batch, change_url=self._change_url(batch))
        if request.method == "POST" and "payload" in request.POST:
            return self._confirm(request, batch, request.POST["payload"])
        if request.method == "POST":
            upload = ConfirmationUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                uploaded = upload.cleaned_data["file"]
                if uploaded.size > MAX_CONFIRMATION_BYTES:
                    upload.add_error("file", _("The file is larger than 5 MB."))
                else:
                    content = uploaded.read()
                    try:
                        plan = confirmation_plan(
                            batch=batch, rows=confirmation_rows(content, uploaded.name)
                        )
                    except DomainError as error:
                        upload.add_error("file", error.message)
                    else:
                        context.update(
                            plan=plan,
                            filename=uploaded.name,
                            payload=_sign(content, uploaded.name),
                        )
        context["upload"] = upload
        return TemplateResponse(request, "admin/refunds/refundbatch/confirmation.html", context)

    def _confirm(self, request, batch, payload):
        try:
            content, filename = _unsign(payload)
        except signing.BadSignature:
            raise PermissionDenied from None
        try:
            plan = listing_confirm(
                batch=batch, actor=request.user, content=content, filename=filename
            )
        except ConfirmationRejected as error:
            self.message_user(request, error.message, messages.ERROR)
            for problem in error.plan.errors:
                self.message_user(request, problem, messages.ERROR)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, plan.summary, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(batch))


def _sign(content: bytes, filename: str) -> str:
    """The uploaded file travels to the confirm step signed, so it cannot be swapped."""
    packed = base64.b64encode(zlib.compress(content)).decode()
    return signing.dumps({"file": packed, "name": filename}, salt=CONFIRMATION_SALT)


def _unsign(payload: str) -> tuple[bytes, str]:
    data = signing.loads(payload, salt=CONFIRMATION_SALT, max_age=60 * 60)
    return zlib.decompress(base64.b64decode(data["file"])), data["name"]
