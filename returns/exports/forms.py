"""The order import's forms: the merchant is chosen among the importing user's."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from returns.models import Merchant


class MerchantChoiceMixin:
    """The merchant field offers only the merchants given (the importing user's)."""

    def __init__(self, *args, merchants: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merchant"].queryset = merchants


class OrderImportForm(MerchantChoiceMixin, ImportForm):
    merchant = forms.ModelChoiceField(
        label=_("Merchant"),
        queryset=Merchant.objects.none(),
        help_text=_("The shop whose order export this is."),
    )
    field_order = ["merchant", "resource", "import_file", "format"]


class OrderConfirmImportForm(MerchantChoiceMixin, ConfirmImportForm):
    # Checked again on confirmation: the hidden value comes back from the browser.
    merchant = forms.ModelChoiceField(queryset=Merchant.objects.none(), widget=forms.HiddenInput)
