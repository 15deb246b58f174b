"""Form parts the desk and the admin share."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ResolutionReasonsForm(forms.Form):
    """The two reasons a decision may need: one for staff and auditors, one for the customer."""

    override_reason = forms.CharField(
        label=_("Why not the suggestion?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the resolution departs from the policy's suggestion."),
    )
    rejection_reason = forms.CharField(
        label=_("Reason the customer reads"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a rejection: sent to the customer and shown on the status page."),
    )
