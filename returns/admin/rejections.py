"""Admin of the merchants' rejection reasons, the texts a customer reads in their language."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from returns.common.admin import MerchantScopedAdmin
from returns.models import RejectionReason


@admin.register(RejectionReason)
class RejectionReasonAdmin(TranslationAdmin, MerchantScopedAdmin):
    list_display = ["text", "code", "merchant", "position", "is_active"]
    list_filter = ["merchant", "is_active"]
    search_fields = ["text", "code"]
    list_select_related = ["merchant"]
    ordering = ["merchant", "position", "code"]
