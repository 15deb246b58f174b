"""Admin building blocks every app's admin uses: history on every page, merchant scoping."""

from django.contrib import admin
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from returns.models import Merchant


class HistoryAdmin(SimpleHistoryAdmin):
    """Every model's admin shows its change history (who, when, what, why)."""

    history_list_display = ["history_change_reason"]


class MerchantScopedAdmin(HistoryAdmin):
    """Staff see and touch only the rows of the merchants they are assigned to.

    `merchant_field` is the lookup path from the model to its merchant. The queryset
    filter covers the changelist, change pages by URL (404), search, history, exports
    and the autocomplete views, which all start from `get_queryset`.
    """

    merchant_field = "merchant"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        mine = Merchant.objects.for_user(request.user).values("pk")
        return queryset.filter(**{f"{self.merchant_field}__in": mine})

    def get_object(self, request, object_id, from_field=None):
        # Another merchant's row is not there for this user: a plain 404, not the admin's
        # "perhaps it was deleted?" redirect, which would confirm that it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if request.user.is_superuser or field is None:
            return field
        related = db_field.related_model
        if related is Merchant:
            field.queryset = field.queryset.filter(staff=request.user)
        elif any(f.name == "merchant" for f in related._meta.fields):
            field.queryset = field.queryset.filter(merchant__staff=request.user)
        return field


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False
