"""Admin of the logged contacts: added and edited through the contact services."""

from django import forms
from django.contrib import admin

from returns import services
from returns.common import extensions
from returns.common.admin import MerchantScopedAdmin
from returns.common.exceptions import DomainError
from returns.models import Contact


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = "__all__"  # noqa: DJ007  (the admin's fieldsets choose)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            # The guards downstream apps registered (billing: invoiced contacts stay as billed).
            try:
                extensions.check_contact_change(self.instance)
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
        # The form checked the merchant and the invoices already; the services check again.
        if change:
            services.contact_change(actor=request.user, contact=obj)
            return
        logged = services.contact_log(
            actor=request.user,
            merchant=obj.merchant,
            customer=obj.customer,
            case=obj.case,
            channel=obj.channel,
            direction=obj.direction,
            started_at=obj.started_at,
            handling_seconds=obj.handling_seconds,
            summary=obj.summary,
        )
        # The admin goes on with `obj` (its message, its redirect): make it the row logged.
        obj.pk, obj.agent, obj.customer = logged.pk, logged.agent, logged.customer
        obj._state.adding = False

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = [*protected, *extensions.undeletable_contacts(objs)]
        return deleted, counts, perms_needed, protected
